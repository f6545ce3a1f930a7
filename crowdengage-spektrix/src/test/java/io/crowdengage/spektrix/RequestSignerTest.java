package io.crowdengage.spektrix;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The reference's test vectors (key "this is a test", date Mon, 21 Oct 2020 07:28:00 GMT). */
class RequestSignerTest {
    private static final String KEY = "dGhpcyBpcyBhIHRlc3Q=";
    private static final String DATE = "Mon, 21 Oct 2020 07:28:00 GMT";
    private final RequestSigner signer = new RequestSigner("TestLogin", KEY);

    @Test
    void signsAGetOverTheAbsoluteUrl() {
        String url = "https://system.spektrix.com/apitesting/api/v3/customers/I-AK11-1ATK";

        assertThat(RequestSigner.stringToSign("get", url, DATE, Optional.empty()))
                .isEqualTo("GET\n" + url + "\n" + DATE);
        assertThat(signer.signature("GET", url, DATE, Optional.empty())).isEqualTo("Tn/2Y/c/MXkQUAIqbNeni8F6B1I=");
        assertThat(signer.authorization("GET", url, DATE, Optional.empty()))
                .isEqualTo("SpektrixAPI3 TestLogin:Tn/2Y/c/MXkQUAIqbNeni8F6B1I=");
    }

    @Test
    void signsAPostWithTheBase64Md5OfTheExactBody() {
        String url = "https://system.spektrix.com/apitesting/api/v3/customers/I-AK11-1ATK/agreed-statements";
        byte[] body = "[{\"id\":\"201AGBHDRLQHNHPHKKMPKLGPMDRDTDMVL\"}]".getBytes(StandardCharsets.UTF_8);

        assertThat(RequestSigner.bodyHash(body)).isEqualTo("uPjMsAqO34fl0dYvd2SH5w==");
        assertThat(signer.signature("POST", url, DATE, Optional.of(body))).isEqualTo("VTa+Pku8zB0Cw9XmH0OC/gQAR3U=");
    }

    @Test
    void padsSingleDigitDaysInTheDateHeader() {
        assertThat(RequestSigner.dateHeader(Instant.parse("2020-10-05T07:08:09Z")))
                .isEqualTo("Mon, 05 Oct 2020 07:08:09 GMT");
        // The documentation's example header says "Mon", but 21 October 2020 was a Wednesday: the
        // vectors above sign that text as given, and a real clock writes the true day name.
        assertThat(RequestSigner.dateHeader(Instant.parse("2020-10-21T07:28:00Z")))
                .isEqualTo("Wed, 21 Oct 2020 07:28:00 GMT");
    }

    @Test
    void aQueryStringIsPartOfWhatIsSigned() {
        String base = "https://system.spektrix.com/apitesting/api/v3/orders/sync";
        assertThat(signer.signature("GET", base + "?since=2024-06-01T00:00:00.0000000", DATE, Optional.empty()))
                .isNotEqualTo(signer.signature("GET", base, DATE, Optional.empty()));
    }

    @Property(tries = 200)
    void theDateHeaderIsAlwaysTwentyNineCharactersOfEnglishInGmt(@ForAll @LongRange(min = 0, max = 4_102_444_800L) long second) {
        String date = RequestSigner.dateHeader(Instant.ofEpochSecond(second));
        assertThat(date).hasSize(29).endsWith(" GMT").matches("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d [A-Z][a-z]{2} \\d{4} .*");
    }

    @Test
    void neverPrintsTheKey() {
        assertThat(signer.toString()).doesNotContain(KEY).contains("hidden");
    }
}
