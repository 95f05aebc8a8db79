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
return true
