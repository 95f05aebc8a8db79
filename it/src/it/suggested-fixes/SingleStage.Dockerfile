# One unnamed stage, as many services' Dockerfiles are: no test stage to build.
ARG BASE_IMAGE=cicd.local/busybox:1
FROM ${BASE_IMAGE}
COPY report.xml /app/report.xml
USER 10001
