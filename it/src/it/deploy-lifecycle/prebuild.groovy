// The sample service's chart; a repository of its own in the local registry; a Kubernetes stand-in
// (started in this JVM, alive until verify.groovy closes it) and a kubeconfig pointing at it.
import dev.cicd.testkube.KubernetesStandIn
import java.nio.file.Files
import java.nio.file.StandardCopyOption

def chart = new File(repositoryRoot, 'samples/delivery/src/main/helm/delivery').toPath()
def target = basedir.toPath().resolve('src/main/helm/delivery')
Files.walk(chart).each { source ->
    def destination = target.resolve(chart.relativize(source).toString())
    if (Files.isDirectory(source)) { Files.createDirectories(destination) } else { Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING) }
}
new File(basedir, '.mvn').mkdirs()
def run = "it/deploy-lifecycle-${System.currentTimeMillis()}"
new File(basedir, '.mvn/maven.config').text = "-Dcicd.repository=${run}\n-Dcicd.chartRepository=${run}-charts\n"
def standIn = KubernetesStandIn.startNamed('deploy-lifecycle')
standIn.writeKubeconfig(basedir.toPath().resolve('kubeconfig'), 'test-cluster', 'delivery-qa')
return true
