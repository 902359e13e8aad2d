"""Ecograph's independent check of its network measures, with NetworkX.

Reads a JSON list of cases on stdin and writes a JSON list of answers on stdout, one per
case, in order. Run by internal/ona/nxcheck (Go tests) from the venv that
internal/devdb/networkx.sh makes. Every measure is computed here from the contract's words,
with NetworkX where it has the measure, never from Ecograph's code.

Cases:
  {"kind": "betweenness", "n": N, "edges": [[a, b], ...]}
      -> {"values": [c(0), ..., c(N-1)]}: betweenness_centrality(normalized=True) of the
         undirected graph on nodes 0..N-1.
  {"kind": "cohesion", "members": [id, ...], "ties": [[a, b, trust], ...],
   "answers": [[respondent, alter, question], ...]}
      -> {"density", "averageTrust", "isolates", "reciprocity" (null when no answers)}
  {"kind": "bridges", "n": N, "edges": [[a, b], ...]}
      -> {"bridges": [[a, b], ...]} (a < b, sorted)
  {"kind": "time_betweenness", "n": N, "edges": [[a, b], ...], "k": K}
      -> {"seconds": S}: the time betweenness_centrality(k=K) takes (K sources; K = N is the
         exact computation), for the benchmarks' side-by-side figures.
"""
import json
import sys

import networkx as nx


def betweenness(case):
    g = nx.Graph()
    g.add_nodes_from(range(case.get("n", 0)))
    g.add_edges_from((a, b) for a, b in case.get("edges", []) if a != b)
    bc = nx.betweenness_centrality(g, normalized=True)
    return {"values": [bc[v] for v in range(case.get("n", 0))]}


def cohesion(case):
    members = list(dict.fromkeys(case.get("members", [])))
    g = nx.Graph()
    g.add_nodes_from(members)
    for a, b, trust in case.get("ties", []):  # a later tie for a pair replaces the earlier one
        if a != b and a in g and b in g:
            g.add_edge(a, b, trust=trust)
    trusts = [d["trust"] for _, _, d in g.edges(data=True)]
    out = {
        "density": nx.density(g) if len(members) >= 2 else 0.0,
        "averageTrust": sum(trusts) / len(trusts) if trusts else 0.0,
        "isolates": sorted(nx.isolates(g)),
    }
    # Reciprocity per question: the share of answers whose reverse exists, pooled over
    # questions (NetworkX's overall_reciprocity of each question's directed graph, weighted
    # by its number of answers).
    by_question = {}
    for r, a, q in case.get("answers", []):
        if r != a and r in g and a in g:
            by_question.setdefault(q, nx.DiGraph()).add_edge(r, a)
    total = sum(d.number_of_edges() for d in by_question.values())
    if total == 0:
        out["reciprocity"] = None
    else:
        back = sum(nx.overall_reciprocity(d) * d.number_of_edges() for d in by_question.values())
        out["reciprocity"] = back / total
    return out


def bridges(case):
    g = nx.Graph()
    g.add_nodes_from(range(case.get("n", 0)))
    g.add_edges_from((a, b) for a, b in case.get("edges", []) if a != b)
    return {"bridges": sorted([min(a, b), max(a, b)] for a, b in nx.bridges(g))}


def time_betweenness(case):
    import time

    g = nx.Graph()
    g.add_nodes_from(range(case.get("n", 0)))
    g.add_edges_from((a, b) for a, b in case.get("edges", []) if a != b)
    start = time.perf_counter()
    nx.betweenness_centrality(g, k=case["k"], normalized=True, seed=1)
    return {"seconds": time.perf_counter() - start}


KINDS = {"betweenness": betweenness, "cohesion": cohesion, "bridges": bridges, "time_betweenness": time_betweenness}


def main():
    cases = json.load(sys.stdin)
    json.dump([KINDS[c["kind"]](c) for c in cases], sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
