// The existing service (the repository's sample), the clusters (stand-ins) and a kubeconfig for them,
// and repositories of this run's own in the local registry.
import dev.cicd.testkube.KubernetesStandIn
import java.nio.file.Files
import java.nio.file.StandardCopyOption

def sample = new File(repositoryRoot, 'samples/delivery').toPath()
def target = basedir.toPath().resolve('src/shipping/delivery')
Files.walk(sample).filter { !sample.relativize(it).toString().startsWith('target') }.each { source ->
    def destination = target.resolve(sample.relativize(source).toString())
    if (Files.isDirectory(source)) { Files.createDirectories(destination) } else { Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING) }
}
def qa = KubernetesStandIn.startNamed('archetype-qa')
def prod = KubernetesStandIn.startNamed('archetype-prod')
KubernetesStandIn.writeKubeconfig(basedir.toPath().resolve('kubeconfig'), ['qa-cluster': qa, 'prod-cluster': prod])
def run = "it/archetype-${System.currentTimeMillis()}"
new File(basedir, '.mvn').mkdirs()
// The scan reads the real OSV records kept as test fixtures (no network here).
def advisories = new File(repositoryRoot, 'cicd-maven-plugin/src/test/resources/osv').canonicalPath
new File(basedir, '.mvn/maven.config').text = "-Dcicd.repository=${run}\n-Dcicd.chartRepository=${run}-charts\n-Dcicd.advisories=${advisories}\n"
return true
