package io.emqx.mcp.transport;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A DELETE of one streamable session, made from the request being handled, for the SDK servlet to
 * close that session as it would for its client: the SDK has no other way to end one session.
 */
final class DeleteSession {

  private DeleteSession() {}

  /** {@code current} seen as {@code DELETE /mcp} with {@code Mcp-Session-Id: id}. */
  static HttpServletRequest request(HttpServletRequest current, String id) {
    return new HttpServletRequestWrapper(current) {
      @Override
      public String getMethod() {
        return "DELETE";
      }

      @Override
      public String getHeader(String name) {
        return SdkResponse.SESSION_HEADER.equalsIgnoreCase(name) ? id : super.getHeader(name);
      }

      @Override
      public Enumeration<String> getHeaders(String name) {
        return SdkResponse.SESSION_HEADER.equalsIgnoreCase(name)
            ? Collections.enumeration(List.of(id))
            : super.getHeaders(name);
      }

      @Override
      public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>(Collections.list(super.getHeaderNames()));
        names.removeIf(SdkResponse.SESSION_HEADER::equalsIgnoreCase);
        names.add(SdkResponse.SESSION_HEADER);
        return Collections.enumeration(names);
      }
    };
  }

  /** An answer that goes nowhere: the DELETE's status and body are nobody's business. */
  static HttpServletResponse response(HttpServletResponse current) {
    return new HttpServletResponseWrapper(current) {
      @Override
      public void setStatus(int sc) {}

      @Override
      public void sendError(int sc) {}

      @Override
      public void sendError(int sc, String msg) {}

      @Override
      public void setHeader(String name, String value) {}

      @Override
      public void addHeader(String name, String value) {}

      @Override
      public void setContentType(String type) {}

      @Override
      public void setCharacterEncoding(String charset) {}

      @Override
      public void setContentLength(int len) {}

      @Override
      public void flushBuffer() {}

      @Override
      public PrintWriter getWriter() {
        return new PrintWriter(OutputStream.nullOutputStream());
      }

      @Override
      public ServletOutputStream getOutputStream() {
        return new ServletOutputStream() {
          @Override
          public void write(int b) {}

          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setWriteListener(WriteListener listener) {}
        };
      }
    };
  }
}
