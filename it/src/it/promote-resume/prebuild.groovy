// Two clusters (stand-ins): QA and production, one kubeconfig with a context for each; the
// approvals namespace an administrator creates in production; alice approves.
import dev.cicd.testkube.KubernetesStandIn

def qa = KubernetesStandIn.startNamed("${basedir.name}-qa")
def prod = KubernetesStandIn.startNamed("${basedir.name}-prod")
prod.createNamespace('cicd-approvals')
prod.setUser('alice')
KubernetesStandIn.writeKubeconfig(basedir.toPath().resolve('kubeconfig'), ['qa-cluster': qa, 'prod-cluster': prod])
new File(basedir, '.mvn').mkdirs()
def run = "it/${basedir.name}-${System.currentTimeMillis()}"
new File(basedir, '.mvn/maven.config').text = "-Dcicd.repository=${run}\n-Dcicd.chartRepository=${run}-charts\n"
return true
