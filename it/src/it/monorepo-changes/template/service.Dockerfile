ARG BASE_IMAGE=cicd.local/busybox:1
FROM ${BASE_IMAGE} AS base
FROM base AS testrunner
COPY report.xml /app/report.xml
ENTRYPOINT ["sh", "-c", "cp /app/report.xml /app/tests/TestResults/TEST-service.xml"]
FROM base AS final
COPY service.txt /app/service.txt
USER 10001
