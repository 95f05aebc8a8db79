// The repository's sample service, a real Java service built with Maven inside Docker.
def sample = new File(repositoryRoot, 'samples/delivery')
new AntBuilder().copy(todir: basedir) {
    fileset(dir: sample, defaultexcludes: false) {
        exclude(name: 'target/**')
    }
}
return true
