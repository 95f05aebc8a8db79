// As for the other promotion ITs, but the production cluster's user is the author of the commit
// the release is built from.
import dev.cicd.testkube.KubernetesStandIn

def author = ['git', '-C', basedir.absolutePath, 'log', '-1', '--format=%ae'].execute().text.trim()
def qa = KubernetesStandIn.startNamed("${basedir.name}-qa")
def prod = KubernetesStandIn.startNamed("${basedir.name}-prod")
prod.createNamespace('cicd-approvals')
prod.setUser(author)
KubernetesStandIn.writeKubeconfig(basedir.toPath().resolve('kubeconfig'), ['qa-cluster': qa, 'prod-cluster': prod])
new File(basedir, '.mvn').mkdirs()
def run = "it/${basedir.name}-${System.currentTimeMillis()}"
new File(basedir, '.mvn/maven.config').text = "-Dcicd.repository=${run}\n-Dcicd.chartRepository=${run}-charts\n"
new File(basedir, 'author.txt').text = author
return true
