// A service of the monorepo builds on its own, inside Docker, where only its folder is copied:
// the archetype plugin adds the enclosing aggregator as <parent> when generating inside one,
// which that build could not resolve. The aggregator still lists the service as a module.
def pom = new File(request.outputDirectory, "${request.artifactId}/pom.xml")
def text = pom.text
def withoutParent = text.replaceFirst(/(?s)\s*<parent>.*?<\/parent>/, '')
if (withoutParent != text) {
    pom.text = withoutParent
    println "[cicd] ${request.artifactId}: no <parent>, so the service builds on its own (in Docker, in its own CI pipeline)"
}
