package io.emqx.mcp.mock;

import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestWrapper;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * Cowboy ignores a trailing slash ({@code /api/v5/clients/} routes to {@code /clients}); WireMock's
 * path matchers do not. Stripping it before matching keeps every mapping simple.
 */
final class TrailingSlashFilter implements StubRequestFilterV2 {
  @Override
  public String getName() {
    return "emqx-trailing-slash";
  }

  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    String url = request.getUrl();
    int q = url.indexOf('?');
    String path = q < 0 ? url : url.substring(0, q);
    if (path.length() <= 1 || !path.endsWith("/")) {
      return RequestFilterAction.continueWith(request);
    }
    String trimmed = path.replaceAll("/+$", "");
    String newUrl = (trimmed.isEmpty() ? "/" : trimmed) + (q < 0 ? "" : url.substring(q));
    Request wrapped =
        RequestWrapper.create()
            .transformAbsoluteUrl(abs -> abs.substring(0, abs.length() - url.length()) + newUrl)
            .wrap(request);
    return RequestFilterAction.continueWith(wrapped);
  }
}
