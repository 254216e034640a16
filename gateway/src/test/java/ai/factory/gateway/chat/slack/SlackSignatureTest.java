package ai.factory.gateway.chat.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The worked example of Slack's "Verifying requests from Slack" page. */
class SlackSignatureTest {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String TIMESTAMP = "1531420618";
    private static final byte[] BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
            + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
            + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
            .getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static final Instant THEN = Instant.ofEpochSecond(1531420618);

    @Test
    void signs_the_documented_example_as_slack_does() {
        assertEquals(SIGNATURE, SlackSignature.sign(SECRET, TIMESTAMP, BODY));
        assertNull(SlackSignature.problem(SECRET, TIMESTAMP, SIGNATURE, BODY, THEN.plusSeconds(299)));
    }

    @Test
    void refuses_a_changed_body_a_wrong_secret_and_a_missing_header() {
        byte[] changed = BODY.clone();
        changed[10] ^= 1;
        assertEquals("bad signature", SlackSignature.problem(SECRET, TIMESTAMP, SIGNATURE, changed, THEN));
        assertEquals("bad signature", SlackSignature.problem("other", TIMESTAMP, SIGNATURE, BODY, THEN));
        assertEquals("missing X-Slack-Signature or X-Slack-Request-Timestamp",
                SlackSignature.problem(SECRET, TIMESTAMP, null, BODY, THEN));
    }

    @Test
    void refuses_a_timestamp_more_than_five_minutes_off_either_way() {
        assertEquals("timestamp outside the 5-minute window",
                SlackSignature.problem(SECRET, TIMESTAMP, SIGNATURE, BODY, THEN.plusSeconds(301)));
        assertEquals("timestamp outside the 5-minute window",
                SlackSignature.problem(SECRET, TIMESTAMP, SIGNATURE, BODY, THEN.minusSeconds(301)));
    }
}
