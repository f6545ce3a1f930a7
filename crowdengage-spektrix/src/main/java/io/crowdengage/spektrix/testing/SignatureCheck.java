package io.crowdengage.spektrix.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fake server's own check of a Spektrix signature, written apart from the adapter's signer so
 * that a mistake in one is caught by the other.
 */
final class SignatureCheck {
    private final String loginName;
    private final byte[] key;

    SignatureCheck(String loginName, String base64Key) {
        this.loginName = loginName;
        this.key = Base64.getDecoder().decode(base64Key);
    }

    /** Whether {@code authorization} is what the login and key give for this request. */
    boolean matches(String authorization, String method, String absoluteUrl, String date, byte[] body) {
        if (authorization == null || date == null) {
            return false;
        }
        String expected = "SpektrixAPI3 " + loginName + ":" + sign(method, absoluteUrl, date, body);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                authorization.getBytes(StandardCharsets.UTF_8));
    }

    private String sign(String method, String absoluteUrl, String date, byte[] body) {
        List<String> lines = new ArrayList<>(List.of(method, absoluteUrl, date));
        if (body.length > 0) {
            try {
                lines.add(Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            Mac hmac = Mac.getInstance("HmacSHA1");
            hmac.init(new SecretKeySpec(key, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(hmac.doFinal(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
