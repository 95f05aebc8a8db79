ARG BASE_IMAGE=cicd.local/busybox:1
FROM ${BASE_IMAGE} AS base
FROM base AS build
COPY report.xml /app/report.xml
FROM base AS final
USER 10001
