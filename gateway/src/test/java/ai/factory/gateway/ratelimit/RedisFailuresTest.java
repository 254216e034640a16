package ai.factory.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RedisFailuresTest {

    @Test
    void no_answer_in_time_is_a_timeout_that_must_be_compensated() {
        assertEquals(RedisFailures.TIMEOUT, RedisFailures.of(new TimeoutException()));
        assertEquals(RedisFailures.TIMEOUT, RedisFailures.of(new CompletionException(new RedisCommandTimeoutException("late"))));
    }

    @Test
    void a_lost_connection_or_a_transient_server_state_is_an_outage() {
        assertEquals(RedisFailures.UNAVAILABLE, RedisFailures.of(new RedisConnectionException("refused")));
        assertEquals(RedisFailures.UNAVAILABLE,
                RedisFailures.of(new CompletionException(new RedisException("Currently not connected. Commands are rejected."))));
        assertEquals(RedisFailures.UNAVAILABLE, RedisFailures.of(new RedisLoadingException("LOADING Redis is loading")));
        assertEquals(RedisFailures.UNAVAILABLE, RedisFailures.of(new RedisBusyException("BUSY Redis is busy running a script")));
        for (String transientError : new String[] {"CLUSTERDOWN The cluster is down", "TRYAGAIN Multiple keys request",
                "MASTERDOWN Link with MASTER is down", "READONLY You can't write against a read only replica"}) {
            assertEquals(RedisFailures.UNAVAILABLE, RedisFailures.of(new RedisCommandExecutionException(transientError)),
                    transientError);
        }
    }

    @Test
    void an_error_answer_or_an_unreadable_reply_fails_closed() {
        assertEquals(RedisFailures.ERROR, RedisFailures.of(new RedisCommandExecutionException(
                "ERR Error running script (call to f_x): @user_script:1: not a number: abc")));
        assertEquals(RedisFailures.ERROR, RedisFailures.of(new RedisCommandExecutionException(
                "WRONGTYPE Operation against a key holding the wrong kind of value")));
        assertEquals(RedisFailures.ERROR, RedisFailures.of(new RedisCommandExecutionException(
                "CROSSSLOT Keys in request don't hash to the same slot")));
        assertEquals(RedisFailures.ERROR, RedisFailures.of(new CompletionException(new ClassCastException("reply"))));
        assertEquals(RedisFailures.ERROR, RedisFailures.of(new RedisCommandExecutionException("BUSYGROUP exists")),
                "a prefix of a transient error's name is not that error");
    }
}
