// The advisories a CI job would have fetched with cicd:advisories: the real OSV records kept as test
// fixtures (GHSA-jfh8-c2jp-5v3q, DSA-5514-1), no network needed.
def fixtures = new File(repositoryRoot, 'cicd-maven-plugin/src/test/resources/osv')
def target = new File(basedir, 'advisories')
fixtures.eachFileRecurse(groovy.io.FileType.FILES) { file ->
    if (file.name.endsWith('.json')) {
        def copy = new File(target, fixtures.toPath().relativize(file.toPath()).toString())
        copy.parentFile.mkdirs()
        copy.bytes = file.bytes
    }
}
return true
