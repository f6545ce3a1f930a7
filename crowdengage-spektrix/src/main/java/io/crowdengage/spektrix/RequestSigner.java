package io.crowdengage.spektrix;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs Spektrix API v3 requests (System Owner mode): HMAC-SHA1, keyed with the base64-decoded
 * secret, over {@code METHOD\nabsoluteUrl\nDate}, plus {@code \n} and the base64 MD5 of the exact
 * body bytes when there is a body.
 *
 * <p>The key is held as decoded bytes and never printed.
 */
final class RequestSigner {
    /**
     * The {@code Date} header. Not {@link DateTimeFormatter#RFC_1123_DATE_TIME}: that one writes
     * single-digit days without a leading zero, and every working Spektrix client pads them.
     */
    static final DateTimeFormatter DATE_HEADER =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String loginName;
    private final SecretKeySpec key;

    RequestSigner(String loginName, String base64SecretKey) {
        this.loginName = loginName;
        this.key = new SecretKeySpec(Base64.getDecoder().decode(base64SecretKey), "HmacSHA1");
    }

    /** The {@code Date} header value for {@code instant}. */
    static String dateHeader(Instant instant) {
        return DATE_HEADER.format(instant);
    }

    /** The text that is signed. */
    static String stringToSign(String method, String absoluteUrl, String date, Optional<byte[]> body) {
        StringBuilder text = new StringBuilder()
                .append(method.toUpperCase(Locale.ROOT)).append('\n')
                .append(absoluteUrl).append('\n')
                .append(date);
        body.ifPresent(bytes -> text.append('\n').append(bodyHash(bytes)));
        return text.toString();
    }

    /** Base64 of the raw 16-byte MD5 of the body (not its hex form). */
    static String bodyHash(byte[] body) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks MD5, which every Java platform must provide", e);
        }
    }

    /** The signature alone. */
    String signature(String method, String absoluteUrl, String date, Optional<byte[]> body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(key);
            byte[] digest = mac.doFinal(stringToSign(method, absoluteUrl, date, body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks HmacSHA1, which every Java platform must provide", e);
        }
    }

    /** The {@code Authorization} header value: {@code SpektrixAPI3 {login}:{signature}}. */
    String authorization(String method, String absoluteUrl, String date, Optional<byte[]> body) {
        return "SpektrixAPI3 " + loginName + ":" + signature(method, absoluteUrl, date, body);
    }

    @Override
    public String toString() {
        return "RequestSigner[loginName=" + loginName + ", key=(hidden)]";
    }
}
