package org.mailpolicy.it.harness;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** James's WebAdmin REST API on loopback: the calls the tests need, failing on any non-2xx answer. */
public final class WebAdmin {

    private static final Pattern QUEUE_SIZE = Pattern.compile("\"size\"\\s*:\\s*(\\d+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    WebAdmin(int port) {
        this.port = port;
    }

    public void createDomain(String domain) throws IOException {
        put("/domains/" + encode(domain), "");
    }

    public void createUser(String user, String password) throws IOException {
        put("/users/" + encode(user), "{\"password\":\"" + password.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }

    /** The number of mails in a mail queue ({@code spool}, {@code outgoing}, ...). */
    public long mailQueueSize(String queue) throws IOException {
        String body = get("/mailQueues/" + encode(queue));
        Matcher size = QUEUE_SIZE.matcher(body);
        if (!size.find()) {
            throw new IOException("no size in WebAdmin's answer for queue " + queue + ": " + body);
        }
        return Long.parseLong(size.group(1));
    }

    public String get(String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public String put(String path, String json) throws IOException {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public String delete(String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** The HTTP status of a GET, whatever it is: for the tests of error answers. */
    public int status(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A path segment or query value, percent-encoded. */
    public static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** WebAdmin starts a moment after the SMTP servers: false until it accepts connections. */
    boolean isListening() {
        try {
            http.send(HttpRequest.newBuilder(uri("/domains")).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String send(HttpRequest.Builder request) throws IOException {
        HttpRequest built = request.timeout(TIMEOUT).build();
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("WebAdmin " + built.method() + " " + built.uri() + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
