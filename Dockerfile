# syntax=docker/dockerfile:1
# The Ecograph API as a small static image: `docker compose up --build` (see docker-compose.yml).
# Note: there is no Docker engine on the development and CI machines, so this file is kept
# correct by reading, not by building it there. Its build step is the one that does run there:
# CGO_ENABLED=0 go build ./cmd/ecograph gives a static binary.

FROM golang:1.26 AS build
WORKDIR /src
# Modules first, so that source edits do not invalidate the download layer.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /ecograph ./cmd/ecograph

# distroless/static: no shell, no package manager; CA certificates and tzdata are included.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /ecograph /ecograph
# 65532:65532 is distroless's "nonroot" user.
USER nonroot:nonroot
ENV ECOGRAPH_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/ecograph"]
CMD ["serve"]
