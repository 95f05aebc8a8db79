// The repository's sample service, a real Java service built with Maven inside Docker.
import java.nio.file.Files
import java.nio.file.StandardCopyOption

def sample = new File(repositoryRoot, 'samples/delivery').toPath()
def target = basedir.toPath()
Files.walk(sample).filter { !sample.relativize(it).toString().startsWith('target') }.each { source ->
    def destination = target.resolve(sample.relativize(source).toString())
    if (Files.isDirectory(source)) {
        Files.createDirectories(destination)
    } else {
        Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING)
    }
}
// The advisories the scan reads: the real OSV records kept as test fixtures (no network here).
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = "-Dcicd.advisories=${new File(repositoryRoot, 'cicd-maven-plugin/src/test/resources/osv').canonicalPath}\n"
return true
