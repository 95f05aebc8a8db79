// The advisories a CI job would have fetched (the OSV fixtures of the unit tests), and an image
// repository of this run's own (so no image of an earlier run is found).
def fixtures = new File(repositoryRoot, 'cicd-maven-plugin/src/test/resources/osv')
fixtures.eachFileRecurse(groovy.io.FileType.FILES) { file ->
    if (file.name.endsWith('.json')) {
        def copy = new File(new File(basedir, 'advisories'), fixtures.toPath().relativize(file.toPath()).toString())
        copy.parentFile.mkdirs()
        copy.bytes = file.bytes
    }
}
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = "-Dcicd.repository=it/suggested-fixes-${System.currentTimeMillis()}\n"
// What `docker login localhost:5000` writes, for the fix of a refused login.
new File(basedir, 'docker-login').mkdirs()
new File(basedir, 'docker-login/config.json').text =
        '{"auths":{"localhost:5000":{"auth":"' + 'cicd:cicd-local-secret'.bytes.encodeBase64() + '"}}}'
return true
