// The breaking-change check: compares the current schema's SDL with the committed baseline
// using @graphql-inspector/core's diff, and fails on a breaking change that breaking.txt does
// not acknowledge. Run by check.sh (see there and docs/portals.md).
//
//   node check.mjs BASELINE CURRENT ACKNOWLEDGED [--json]
//
// Exit status: 0 when every breaking change is acknowledged and every acknowledgement matches
// a change; 1 otherwise; 2 on bad input (a file that does not load, a malformed line).
import { readFileSync } from "node:fs";
import { buildSchema } from "graphql";
import { diff, CriticalityLevel } from "@graphql-inspector/core";

const [baselinePath, currentPath, ackPath, flag] = process.argv.slice(2);
if (!baselinePath || !currentPath || !ackPath) {
  console.error("usage: node check.mjs BASELINE CURRENT ACKNOWLEDGED [--json]");
  process.exit(2);
}

function load(path) {
  try {
    return buildSchema(readFileSync(path, "utf8"));
  } catch (e) {
    console.error(`${path}: ${e.message}`);
    process.exit(2);
  }
}

// breaking.txt: one acknowledged change a line, "TYPE PATH reason", as the check prints them
// (TYPE and PATH copied, a reason of your own); blank lines and # comments are ignored.
function acknowledgements(path) {
  const out = new Map();
  readFileSync(path, "utf8").split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const m = line.match(/^([A-Z_]+)\s+(\S+)\s+(.*\S)\s*$/);
    if (!m) {
      console.error(`${path}:${i + 1}: want "TYPE PATH reason" (a reason is required), got: ${line}`);
      process.exit(2);
    }
    out.set(`${m[1]} ${m[2]}`, { line: i + 1, reason: m[3], used: false });
  });
  return out;
}

const changes = await diff(load(baselinePath), load(currentPath));
const acks = acknowledgements(ackPath);
const report = { breaking: [], acknowledged: [], dangerous: [], safe: [], stale: [] };
for (const c of changes) {
  const key = `${c.type} ${c.path ?? "-"}`;
  const item = { key, message: c.message, reason: c.criticality.reason ?? "" };
  if (c.criticality.level === CriticalityLevel.Breaking) {
    const ack = acks.get(key);
    if (ack) {
      ack.used = true;
      report.acknowledged.push({ ...item, acknowledgement: ack.reason });
    } else {
      report.breaking.push(item);
    }
  } else if (c.criticality.level === CriticalityLevel.Dangerous) {
    report.dangerous.push(item);
  } else {
    report.safe.push(item);
  }
}
for (const [key, ack] of acks) {
  if (!ack.used) report.stale.push({ key, line: ack.line });
}

const failed = report.breaking.length > 0 || report.stale.length > 0;
if (flag === "--json") {
  console.log(JSON.stringify(report));
} else {
  for (const c of report.breaking) console.log(`BREAKING      ${c.key}  ${c.message}`);
  for (const c of report.acknowledged) console.log(`acknowledged  ${c.key}  ${c.message} (${c.acknowledgement})`);
  for (const c of report.dangerous) console.log(`dangerous     ${c.key}  ${c.message}`);
  for (const c of report.safe) console.log(`safe          ${c.key}  ${c.message}`);
  for (const s of report.stale)
    console.log(`STALE         ${s.key}  ${ackPath}:${s.line} acknowledges a breaking change the schema does not make against the baseline; remove the line`);
  console.log(
    `${changes.length} changes against the baseline: ${report.breaking.length} breaking and not acknowledged, ` +
      `${report.acknowledged.length} acknowledged, ${report.dangerous.length} dangerous, ${report.safe.length} safe` +
      (report.stale.length ? `, ${report.stale.length} stale acknowledgements` : ""),
  );
  if (report.breaking.length > 0) {
    console.log(
      "A breaking change breaks partners' portals. If it is intended, acknowledge each line above in " +
        `${ackPath} as "TYPE PATH reason" (docs/portals.md, "Breaking changes").`,
    );
  }
}
process.exit(failed ? 1 : 0);
