package io.emqx.mcp.transport;

import java.nio.ByteBuffer;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages (a servlet's {@code sendError}, an unknown path, a request the parser
 * rejects) as the same small JSON-RPC error every MCP error is, whatever the client accepts: no
 * HTML, no exception text, no cause. The exception, if any, is Jetty's to log.
 */
final class JsonErrorPages extends ErrorHandler {

  private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

  JsonErrorPages() {
    setShowStacks(false);
    setShowCauses(false);
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    writeJson(response, code, message, callback);
  }

  private static void writeJson(Response response, int code, String message, Callback callback) {
    response.getHeaders().put(JSON);
    response.write(true, ByteBuffer.wrap(HttpErrors.forStatus(null, code, message)), callback);
  }

  /**
   * The same pages for the server as a whole: what happens outside the servlet context, such as a
   * request the parser rejects before any handler runs (a bad header line, too many headers).
   */
  static final class Server extends org.eclipse.jetty.server.handler.ErrorHandler {
    Server() {
      setShowStacks(false);
      setShowCauses(false);
    }

    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback) {
      writeJson(response, code, message, callback);
    }
  }
}
