package dev.cicd.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.apache.maven.plugin.Mojo;

/**
 * The package rules of the plugin's main code (STYLE.md), checked on its compiled classes with
 * ArchUnit: pipeline logic knows nothing of Maven,
 * goals are thin and live in one package, the pipeline's concerns do not depend on each other in
 * circles, and the Kubernetes stand-in never reaches the plugin.
 */
@AnalyzeClasses(packages = "dev.cicd", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Maven's own version order (maven-artifact, provided by Maven at run time) matches Maven advisories. */
    private static final String MAVEN_VERSION_ORDER = "org.apache.maven.artifact.versioning..";

    @ArchTest
    static final ArchRule servicesKnowNothingOfMaven = noClasses()
            .that()
            .resideOutsideOfPackage("dev.cicd.maven..")
            .should()
            .dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.and(
                    com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                            "org.apache.maven..", "org.codehaus.plexus..", "org.eclipse.aether.."),
                    com.tngtech.archunit.base.DescribedPredicate.not(
                            com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
                                    MAVEN_VERSION_ORDER))))
            .because("pipeline services are plain Java, unit-tested without Maven (Jib's jib-core, STYLE.md 1)");

    @ArchTest
    static final ArchRule mavenVersionOrderOnlyWhereAdvisoriesAreMatched = noClasses()
            .that()
            .resideOutsideOfPackage("dev.cicd.scan.osv..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(MAVEN_VERSION_ORDER);

    @ArchTest
    static final ArchRule goalsLiveInTheMavenPackage = classes()
            .that()
            .implement(Mojo.class)
            .should()
            .resideInAPackage("dev.cicd.maven")
            .andShould()
            .beAssignableTo("dev.cicd.maven.AbstractPipelineMojo")
            .orShould()
            .haveSimpleName("HelpMojo")
            .because("every goal skips, runs and reports failures through one template");

    @ArchTest
    static final ArchRule theStandInStaysInTests = noClasses()
            .that()
            .resideOutsideOfPackage("dev.cicd.testkube..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.cicd.testkube..")
            .because("the Kubernetes stand-in is test code; the plugin talks to real clusters only");

    @ArchTest
    static final ArchRule concernsHaveNoCycles =
            slices().matching("dev.cicd.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule buildRecordsAreReadThroughTheirOwnerOnly = noClasses()
            .that()
            .resideOutsideOfPackages("dev.cicd.maven..", "dev.cicd.release..", "dev.cicd.records..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.cicd.records..")
            .because("services take and return values; goals and release steps read and write the records");
}
