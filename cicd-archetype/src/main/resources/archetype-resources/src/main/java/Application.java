package ${package};

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/** The ${service} service: quotes a price, with liveness and readiness endpoints for Kubernetes. */
public final class Application {

    private final HttpServer server;
    private final AtomicBoolean ready = new AtomicBoolean(false);

    public Application(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/health/live", exchange -> respond(exchange, 200, "live"));
        server.createContext("/health/ready", exchange ->
                respond(exchange, ready.get() ? 200 : 503, ready.get() ? "ready" : "starting"));
        server.createContext("/quote", this::quote);
    }

    public void start() {
        server.start();
        ready.set(true);
    }

    public void stop() {
        ready.set(false);
        server.stop(1);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void quote(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        try {
            int parcels = Integer.parseInt(query != null && query.startsWith("parcels=") ? query.substring(8) : "1");
            respond(exchange, 200, "{\"parcels\":" + parcels + ",\"price\":" + Quotes.price(parcels) + "}");
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, "{\"error\":\"" + e.getMessage() + "\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        Application service = new Application(port);
        Runtime.getRuntime().addShutdownHook(new Thread(service::stop));
        service.start();
        System.out.println("${service} listening on " + port);
    }
}
