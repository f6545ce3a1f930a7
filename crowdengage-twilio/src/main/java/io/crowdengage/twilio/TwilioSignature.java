package io.crowdengage.twilio;

import io.crowdengage.internal.Checks;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's webhook signature, {@code X-Twilio-Signature}: the full URL exactly as Twilio requested it,
 * then every POST parameter sorted by name (and, for a name given twice, by value), appended as name
 * and value with no separators, signed with HMAC-SHA1 keyed by the account's Auth Token, in Base64.
 *
 * <p>{@link #matches} compares in constant time and, as Twilio's own validators do, also accepts the
 * signature of the URL with its default port added ({@code :443}, {@code :80}) or removed, because
 * proxies and servers disagree about writing it. Thread-safe; no state.
 */
public final class TwilioSignature {
    /** The header Twilio puts the signature in. */
    public static final String HEADER = "X-Twilio-Signature";

    private static final String HMAC_SHA1 = "HmacSHA1";

    private TwilioSignature() {
    }

    /**
     * The signature Twilio sends for a POST of {@code params} to {@code url}.
     *
     * @param authToken the account's Auth Token
     * @param url       the URL exactly as requested, query included, percent escapes as sent
     * @param params    the decoded POST parameters, in any order
     */
    public static String compute(String authToken, String url, List<? extends Map.Entry<String, String>> params) {
        Checks.notBlank(authToken, "authToken");
        Checks.notNull(url, "url");
        Checks.noNullElements(params, "params");
        List<Map.Entry<String, String>> sorted = new ArrayList<>(params);
        sorted.sort(Comparator.<Map.Entry<String, String>, String>comparing(Map.Entry::getKey)
                .thenComparing(Map.Entry::getValue));
        StringBuilder data = new StringBuilder(url);
        for (Map.Entry<String, String> param : sorted) {
            data.append(param.getKey()).append(param.getValue());
        }
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), HMAC_SHA1));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every JDK ships HmacSHA1; this cannot happen on a conforming runtime.
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    /**
     * Whether {@code signature} is Twilio's for this request: for {@code url} as given, or with its default
     * port added or removed. Compared in constant time; a blank signature never matches.
     */
    public static boolean matches(String authToken, String url, List<? extends Map.Entry<String, String>> params,
                                  String signature) {
        Checks.notNull(signature, "signature");
        if (signature.isBlank()) {
            return false;
        }
        byte[] given = signature.strip().getBytes(StandardCharsets.UTF_8);
        boolean matched = false;
        for (String candidate : urlVariants(url)) {
            byte[] expected = compute(authToken, candidate, params).getBytes(StandardCharsets.UTF_8);
            // No early exit: every variant is computed and compared whatever the first one gave.
            matched |= MessageDigest.isEqual(expected, given);
        }
        return matched;
    }

    /** The URL as given, then with its scheme's default port toggled, if it has a scheme with one. */
    static Set<String> urlVariants(String url) {
        Set<String> variants = new LinkedHashSet<>();
        variants.add(url);
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return variants;
        }
        if (uri.getScheme() == null || uri.getRawAuthority() == null) {
            return variants;
        }
        int defaultPort = switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "https" -> 443;
            case "http" -> 80;
            default -> -1;
        };
        if (defaultPort < 0) {
            return variants;
        }
        String authority = uri.getRawAuthority();
        String hostPart = uri.getRawUserInfo() == null ? authority
                : authority.substring(uri.getRawUserInfo().length() + 1);
        String userPart = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
        int prefix = uri.getScheme().length() + 3 + authority.length();
        String rest = url.substring(prefix);
        if (uri.getPort() == -1) {
            variants.add(uri.getScheme() + "://" + userPart + hostPart + ":" + defaultPort + rest);
        } else if (uri.getPort() == defaultPort) {
            String withoutPort = hostPart.substring(0, hostPart.lastIndexOf(':'));
            variants.add(uri.getScheme() + "://" + userPart + withoutPort + rest);
        }
        return variants;
    }
}
