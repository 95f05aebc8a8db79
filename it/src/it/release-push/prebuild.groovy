// The sample service's chart, and a repository name of its own for this run: the local registry
// keeps what earlier runs pushed.
import java.nio.file.Files
import java.nio.file.StandardCopyOption

def chart = new File(repositoryRoot, 'samples/delivery/src/main/helm/delivery').toPath()
def target = basedir.toPath().resolve('src/main/helm/delivery')
Files.walk(chart).each { source ->
    def destination = target.resolve(chart.relativize(source).toString())
    if (Files.isDirectory(source)) {
        Files.createDirectories(destination)
    } else {
        Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING)
    }
}
def run = "it/release-push-${System.currentTimeMillis()}"
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = "-Dcicd.repository=${run}\n-Dcicd.chartRepository=${run}-charts\n"
return true
