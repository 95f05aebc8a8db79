def log = new File(basedir, 'build.log').text
assert log.contains("image tag 'latest' is refused: always build and deploy a specific version")
assert !new File(basedir, 'target/cicd/images.json').exists()
return true
