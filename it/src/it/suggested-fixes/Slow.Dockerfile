ARG BASE_IMAGE=cicd.local/busybox:1
FROM ${BASE_IMAGE} AS base
FROM base AS build
COPY report.xml /app/report.xml
FROM build AS testrunner
ENTRYPOINT ["sh", "-c", "sleep 4; cp /app/report.xml /app/tests/TestResults/TEST-it.fixes.FixTest.xml"]
FROM base AS final
USER 10001
