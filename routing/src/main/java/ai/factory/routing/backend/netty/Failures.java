package ai.factory.routing.backend.netty;

import ai.factory.routing.backend.BackendFailure;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * The same classification as the JDK transport: anything that goes wrong before the response
 * head is CONNECT (the router may try another endpoint, nothing reached the client); once bytes
 * went out, the failure ends the body instead.
 */
final class Failures {

    private Failures() {
    }

    static BackendFailure beforeHead(String where, Throwable error) {
        return new BackendFailure(BackendFailure.Kind.CONNECT, where, 0, detail(error), null, error);
    }

    static BackendFailure midAnswer(String where, int status, Throwable error) {
        return new BackendFailure(BackendFailure.Kind.CONNECT, where, status,
                "the connection broke off mid-answer" + (error == null ? "" : " (" + message(error) + ")"), null, error);
    }

    private static String detail(Throwable error) {
        if (error == null) {
            return "connection closed before a response";
        }
        if (error instanceof ConnectTimeoutException) {
            return "connect timed out";
        }
        if (error instanceof ConnectException) {
            return "connection refused";
        }
        if (error instanceof UnknownHostException) {
            return "unknown host " + error.getMessage();
        }
        Throwable tls = error;
        while (tls != null && !(tls instanceof SSLException)) {
            tls = tls.getCause();
        }
        if (tls != null) {
            return "TLS handshake failed (" + message(tls) + ")";
        }
        if (error instanceof IOException) {
            return "connection failed before a response (" + message(error) + ")";
        }
        return String.valueOf(error);
    }

    private static String message(Throwable error) {
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }
}
