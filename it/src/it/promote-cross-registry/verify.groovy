import dev.cicd.testkube.KubernetesStandIn
import dev.cicd.registry.RegistryClient
import dev.cicd.registry.credentials.RegistryCredentials
import dev.cicd.registry.credentials.ResolvedCredentials
import dev.cicd.common.BuildLog
import java.nio.file.Path

def qa = KubernetesStandIn.named("${basedir.name}-qa")
def prod = KubernetesStandIn.named("${basedir.name}-prod")
try {
    def log = new File(basedir, 'build.log').text
    def repository = (new File(basedir, '.mvn/maven.config').text =~ /-Dcicd.repository=(\S+)/)[0][1]
    def credentials = new ResolvedCredentials(RegistryCredentials.password('cicd', 'cicd-local-secret'), 'test')
    def plain = new RegistryClient('127.0.0.1:5000', credentials, RegistryClient.Options.defaults(), BuildLog.silent())
    def tls = new RegistryClient('localhost:5443', credentials,
            RegistryClient.Options.defaults().withCaFile(Path.of(new File(basedir, '../../../../.local/ca/ca.crt').canonicalPath)), BuildLog.silent())
    def qaDigest = plain.head(repository, 'v8.0.0').get().digest()
    def prodDigest = tls.head("prod/${repository}", 'v8.0.0').get().digest()
    assert prodDigest == qaDigest : 'digest kept across registries'
    assert log =~ /\[d\] copied to localhost:5443\/prod\/${repository}:v8\.0\.0 \(${qaDigest}\): \d+ blobs, 0 mounted, [1-9]\d* streamed/
    def deployment = prod.client().apps().deployments().inNamespace('delivery').withName('delivery').get()
    assert deployment.spec.template.spec.containers[0].image == "localhost:5443/prod/${repository}@${qaDigest}"
} finally {
    qa.close()
    prod.close()
}
return true
