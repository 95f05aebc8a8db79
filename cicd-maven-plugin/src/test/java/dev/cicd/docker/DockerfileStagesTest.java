package dev.cicd.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DockerfileStagesTest {

    @Test
    void readsTheSeedsStages() {
        DockerfileStages stages = DockerfileStages.parse("""
                # syntax=docker/dockerfile:1
                ARG BASE_IMAGE=eclipse-temurin:17-jre
                ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
                FROM ${BASE_IMAGE} AS base
                WORKDIR /app

                FROM --platform=linux/amd64 ${BUILD_IMAGE} as Build
                COPY . /src
                RUN mvn -B \\
                    package

                from build AS testrunner
                ENTRYPOINT ["mvn", "test"]

                FROM build AS publish
                FROM base AS final
                COPY --from=publish /src/target/app.jar /app/
                """);

        assertThat(stages.stages())
                .extracting(DockerfileStages.Stage::name)
                .containsExactly("base", "build", "testrunner", "publish", "final");
        assertThat(stages.named("TestRunner")).isPresent();
        assertThat(stages.last().orElseThrow().name()).isEqualTo("final");
        assertThat(stages.stages().get(1).baseImage()).isEqualTo("${BUILD_IMAGE}");
    }

    @Test
    void continuationLinesAndEscapeDirective() {
        DockerfileStages stages = DockerfileStages.parse("""
                # escape=`
                FROM `
                  mcr.microsoft.com/dotnet/sdk:8.0 `
                  AS build
                FROM build AS testrunner
                FROM mcr.microsoft.com/dotnet/aspnet:8.0
                """);

        assertThat(stages.describe()).isEqualTo("build, testrunner, #2");
        assertThat(stages.last().orElseThrow().name()).isNull();
    }

    @Test
    void noStages() {
        assertThat(DockerfileStages.parse("# empty\n").describe()).isEqualTo("no FROM instruction");
    }
}
