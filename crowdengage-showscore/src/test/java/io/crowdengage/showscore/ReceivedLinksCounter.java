package io.crowdengage.showscore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} that passes every call to a real one and counts the review links in the
 * answers that actually reached the function, and the exchanges that failed. Show-Score (or the
 * fake) may issue links in an answer the function never gets, a timed-out or reset exchange that
 * is then retried: those links are Show-Score's loss, not the pool's, so "no link lost" is checked
 * against what arrived.
 */
final class ReceivedLinksCounter extends HttpClient {
    private final HttpClient delegate = HttpClient.newBuilder().followRedirects(Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger links = new AtomicInteger();
    private final AtomicInteger failedExchanges = new AtomicInteger();

    /** Review links in the 2xx answers the function received. */
    int receivedLinks() {
        return links.get();
    }

    /** Exchanges that ended in an exception (a timeout, a reset): their answers, if any, never arrived. */
    int failedExchanges() {
        return failedExchanges.get();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        HttpResponse<T> response;
        try {
            response = delegate.send(request, handler);
        } catch (IOException | InterruptedException | RuntimeException e) {
            failedExchanges.incrementAndGet();
            throw e;
        }
        if (response.statusCode() / 100 == 2 && response.body() instanceof String body) {
            links.addAndGet(count(body));
        }
        return response;
    }

    private int count(String body) {
        try {
            JsonNode node = json.readTree(body);
            return node.has("tokens") ? node.get("tokens").size() : node.has("review_url") ? 1 : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        throw new UnsupportedOperationException("show_score_url sends synchronously");
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        throw new UnsupportedOperationException("show_score_url sends synchronously");
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
