package dev.cicd.registry;

import dev.cicd.common.CicdException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust for a registry: the JVM's trusted authorities plus, when given, the registry's own CA
 * (a PEM file), the way {@code docker} reads {@code /etc/docker/certs.d/<host>/ca.crt}.
 */
final class RegistryTls {

    private RegistryTls() {}

    static SSLContext context(Path caFile) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (caFile == null) {
                context.init(null, null, null);
                return context;
            }
            KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
            extra.load(null, null);
            int n = 0;
            try (InputStream in = Files.newInputStream(caFile)) {
                for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    extra.setCertificateEntry("registry-ca-" + n++, certificate);
                }
            }
            if (n == 0) {
                throw CicdException.project("no certificate in " + caFile + "; give the registry's CA as a PEM file");
            }
            X509TrustManager jvm = trustManager(null);
            X509TrustManager registry = trustManager(extra);
            context.init(null, new TrustManager[] {new EitherTrustManager(jvm, registry)}, null);
            return context;
        } catch (IOException e) {
            throw CicdException.project("could not read the registry CA file " + caFile + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw CicdException.project("could not use the registry CA file " + caFile + ": " + e.getMessage());
        }
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager available");
    }

    /** Trusts a chain when either the JVM's authorities or the registry's CA do. */
    private record EitherTrustManager(X509TrustManager first, X509TrustManager second) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            first.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException notByTheJvm) {
                second.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>(List.of(first.getAcceptedIssuers()));
            all.addAll(List.of(second.getAcceptedIssuers()));
            return all.toArray(X509Certificate[]::new);
        }
    }
}
