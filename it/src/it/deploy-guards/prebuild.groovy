// Two stand-ins: the test cluster, where user bob lacks permissions, and the production cluster.
// The kubeconfig has contexts for both, and a second context on the production cluster.
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
def run = "it/deploy-guards-${System.currentTimeMillis()}"
new File(basedir, '.mvn/maven.config').text = "-Dcicd.repository=${run}\n-Dcicd.chartRepository=${run}-charts\n"

def test = KubernetesStandIn.startNamed('deploy-guards-test')
test.createNamespace('delivery-qa')
test.setUser('bob', 'developers')
// bob may manage services, secrets and the rest, but not Deployments.
test.allow('*', '', '*', 'delivery-qa')
test.allow('*', 'apps', 'replicasets', 'delivery-qa')
test.allow('get', '', 'namespaces', null)
def prod = KubernetesStandIn.startNamed('deploy-guards-prod')
def yaml = new org.yaml.snakeyaml.Yaml()
def config = yaml.load(test.kubeconfigYaml('test-cluster', 'delivery-qa'))
def prodConfig = yaml.load(prod.kubeconfigYaml('prod-cluster', 'delivery'))
config.clusters += prodConfig.clusters.collect { it + [name: 'prod'] }
config.users += prodConfig.users.collect { it + [name: 'prod-user'] }
config.contexts += [[name: 'prod-cluster', context: [cluster: 'prod', user: 'prod-user', namespace: 'delivery']],
                    [name: 'prod-cluster-admin', context: [cluster: 'prod', user: 'prod-user', namespace: 'delivery-qa']]]
new File(basedir, 'kubeconfig').text = yaml.dump(config)
return true
