package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApplicationTest {

    private Application service;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        service = new Application(0);
        service.start();
    }

    @AfterEach
    void stop() {
        service.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void isLiveAndReady() throws Exception {
        assertEquals(200, get("/health/live").statusCode());
        assertEquals("ready", get("/health/ready").body());
    }

    @Test
    void quotes() throws Exception {
        assertEquals("{\"parcels\":2,\"price\":750}", get("/quote?parcels=2").body());
        assertEquals(400, get("/quote?parcels=0").statusCode());
    }
}
