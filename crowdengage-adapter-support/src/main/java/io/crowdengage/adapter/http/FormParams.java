package io.crowdengage.adapter.http;

import io.crowdengage.internal.Checks;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The parameters of an {@code application/x-www-form-urlencoded} body or a query string, in the order
 * they came, names repeated as often as they were: what an adapter sends form-encoded, what a webhook
 * handler reads, and what a loopback fake reads from a request's body or query. For adapter authors;
 * may change between minor versions.
 */
public final class FormParams {

    /**
     * One parameter, decoded.
     *
     * @param name  the name, not empty
     * @param value the value, possibly empty
     */
    public record Param(String name, String value) {
        /** Validates that both are present and the name is not empty. */
        public Param {
            Checks.notNull(name, "name");
            Checks.notNull(value, "value");
            Checks.require(!name.isEmpty(), "name", "must not be empty");
        }
    }

    private final List<Param> params;

    private FormParams(List<Param> params) {
        this.params = List.copyOf(params);
    }

    /** These parameters, in this order. */
    public static FormParams of(List<Param> params) {
        return new FormParams(Checks.noNullElements(params, "params"));
    }

    /** The parameters of a map, in its iteration order. */
    public static FormParams of(Map<String, String> params) {
        List<Param> list = new ArrayList<>();
        Checks.noNullEntries(params, "params").forEach((name, value) -> list.add(new Param(name, value)));
        return new FormParams(list);
    }

    /**
     * Decodes a form body or raw query ({@code a=1&b=two+words}); an empty or null text has no parameters.
     * A pair without {@code =} has an empty value; empty pairs ({@code a=1&&b=2}) are skipped.
     *
     * @throws IllegalArgumentException if a percent escape is malformed
     */
    public static FormParams decode(String encoded) {
        List<Param> list = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return new FormParams(list);
        }
        for (String pair : encoded.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (!name.isEmpty()) {
                list.add(new Param(name, value));
            }
        }
        return new FormParams(list);
    }

    /** The form encoding, UTF-8, spaces as {@code +}: what {@link #decode} reads back. */
    public String encode() {
        return params.stream().map(p -> encode(p.name()) + "=" + encode(p.value())).collect(Collectors.joining("&"));
    }

    /** One value, form-encoded (UTF-8, spaces as {@code +}). */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Every parameter, in order. */
    public List<Param> all() {
        return params;
    }

    /** The first value of each name, in the order the names first came. */
    public Map<String, String> firstValues() {
        Map<String, String> first = new LinkedHashMap<>();
        params.forEach(param -> first.putIfAbsent(param.name(), param.value()));
        return first;
    }

    /** The first value of {@code name}, if it came. */
    public Optional<String> first(String name) {
        return params.stream().filter(p -> p.name().equals(name)).map(Param::value).findFirst();
    }

    /** The first value of {@code name} if it came and is not blank. */
    public Optional<String> nonBlank(String name) {
        return first(name).filter(value -> !value.isBlank());
    }

    /** Whether {@code name} came at all. */
    public boolean has(String name) {
        return params.stream().anyMatch(p -> p.name().equals(name));
    }

    /** These parameters and one more at the end. */
    public FormParams with(String name, String value) {
        List<Param> list = new ArrayList<>(params);
        list.add(new Param(name, value));
        return new FormParams(list);
    }

    /** These parameters with every {@code name} replaced by one {@code value} at the end. */
    public FormParams replacing(String name, String value) {
        List<Param> list = new ArrayList<>(params);
        list.removeIf(p -> p.name().equals(name));
        list.add(new Param(name, value));
        return new FormParams(list);
    }

    /** How many parameters there are. */
    public int size() {
        return params.size();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FormParams that && params.equals(that.params);
    }

    @Override
    public int hashCode() {
        return params.hashCode();
    }

    /** The names only: values may hold phone numbers and message texts. */
    @Override
    public String toString() {
        return "FormParams" + params.stream().map(Param::name).toList();
    }
}
