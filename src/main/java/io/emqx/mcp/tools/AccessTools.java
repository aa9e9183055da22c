package io.emqx.mcp.tools;

import io.emqx.mcp.config.Toolset;
import io.emqx.mcp.emqx.model.Ban;
import io.emqx.mcp.emqx.model.Page;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Tools over EMQX's banned list: who may not connect. */
final class AccessTools {

  private static final Toolset GROUP = Toolset.BANS;

  /** Written into {@code by}, so that an operator can tell our bans from the dashboard's. */
  static final String BANNED_BY = "emqx-mcp-server";

  /** Ban kinds as EMQX names them (5.6+ for the _re and _net kinds). */
  static final List<String> KINDS =
      List.of("clientid", "username", "peerhost", "clientid_re", "username_re", "peerhost_net");

  /** The longest timed ban: ten years. Longer is what a permanent ban (no until) is for. */
  static final int MAX_BAN_SECONDS = 10 * 365 * 24 * 3600;

  private static final Pattern CIDR = Pattern.compile("(.+)/(\\d{1,3})");

  List<ToolSpec> specs() {
    return List.of(listBanned(), banClient(), unbanClient());
  }

  private static Schema as() {
    return Schema.string("Kind of who: peerhost is an IP, *_re a regex, peerhost_net a CIDR.")
        .oneOf(KINDS.toArray());
  }

  /**
   * A ban as listed, with whether it has already lapsed (EMQX lists lapsed bans until it purges
   * them).
   */
  record Listed(
      String as, String who, String by, String reason, String at, String until, boolean expired) {
    static Listed of(Ban b, Instant now) {
      return new Listed(b.as(), b.who(), b.by(), b.reason(), b.at(), b.until(), b.expired(now));
    }
  }

  private ToolSpec listBanned() {
    return ToolSpec.builder(GROUP, "list_banned")
        .title("List bans")
        .description(
            "The banned list: {as, who, by, reason, at, until, expired}; until is RFC 3339 or infinity, and "
                + "expired entries no longer apply. Returns {data, meta}.")
        .access(Access.READ)
        .input(Paging.args(Schema.object()).closed())
        .output(Paging.pageOf())
        .handler(
            call -> {
              Page<Ban> page =
                  call.emqx().listBanned(Paging.page(call.args()), Paging.limit(call.args()), null);
              Instant now = Instant.now();
              return new Page<>(
                  page.data().stream().map(b -> Listed.of(b, now)).toList(), page.meta());
            })
        .build();
  }

  private ToolSpec banClient() {
    Schema input =
        Schema.object()
            .required("as", as())
            .required("who", Schema.string("Client ID, username, IP, regex or CIDR.").nonEmpty())
            .prop("reason", Schema.string("Why."))
            .prop(
                "until",
                Schema.string("RFC 3339 end, e.g. 2025-07-01T00:00:00Z; default infinity.")
                    .nonEmpty())
            .prop(
                "duration_seconds",
                Schema.integer("Or: seconds, up to 10 years.").range(1, MAX_BAN_SECONDS))
            .closed();
    return ToolSpec.builder(GROUP, "ban_client")
        .title("Ban a client")
        .description(
            "Refuse connections from a client ID, username, IP or pattern, until a time or for good. A clientid ban "
                + "also disconnects the client now. Returns the ban; EMQX_REJECTED ALREADY_EXISTS if banned already.")
        .access(Access.DESTRUCTIVE)
        .idempotent(true)
        .input(input)
        .output(Ban.class, "as", "who")
        .clients(
            args ->
                switch (args.string("as")) {
                  case "clientid" -> List.of(ToolSpec.ClientTarget.id(args.string("who")));
                  case "clientid_re" -> List.of(ToolSpec.ClientTarget.pattern(args.string("who")));
                  default -> List.of();
                })
        .preview(
            call -> {
              Args a = call.args();
              String until =
                  a.has("until")
                      ? "until " + a.string("until")
                      : a.has("duration_seconds")
                          ? "for " + a.optInt("duration_seconds") + " s"
                          : "with no end";
              return "Ban "
                  + a.string("as")
                  + " '"
                  + a.string("who")
                  + "' "
                  + until
                  + ": EMQX refuses its connections"
                  + (a.string("as").startsWith("clientid")
                      ? " and disconnects matching clients now"
                      : "")
                  + ".";
            })
        .handler(
            call -> {
              Args a = call.args();
              String as = a.string("as");
              String who = a.string("who");
              checkWho(as, who);
              return call.emqx()
                  .ban(new Ban(as, who, BANNED_BY, a.string("reason", ""), null, until(a)));
            })
        .build();
  }

  /** The result of an unban. */
  record Unbanned(String as, String who, boolean unbanned, String message) {}

  private ToolSpec unbanClient() {
    Schema input =
        Schema.object()
            .required("as", as())
            .required("who", Schema.string("As list_banned shows it.").nonEmpty())
            .closed();
    return ToolSpec.builder(GROUP, "unban_client")
        .title("Lift a ban")
        .description(
            "Lift a ban so the client, user or address may connect again. NOT_FOUND if there is no such ban.")
        .access(Access.WRITE)
        .idempotent(true)
        .input(input)
        .output(Unbanned.class, "unbanned")
        .handler(
            call -> {
              String as = call.args().string("as");
              String who = call.args().segment("who");
              // EMQX parses who before its lookup and crashes (500) on a bad IP, CIDR or regex
              // (emqx_mgmt_api_banned.erl delete_banned/2, emqx_banned.erl parse_who/1 at v5.8.9).
              checkWho(as, who);
              call.emqx().unban(as, who);
              return new Unbanned(as, who, true, "The " + as + " ban on '" + who + "' was lifted.");
            })
        .build();
  }

  /**
   * What EMQX would refuse with an unreadable answer (a bare "bad peerhost" on a ban, a crash on an
   * unban), refused here instead, before anything is sent.
   */
  private static void checkWho(String as, String who) {
    switch (as) {
      case "peerhost" -> {
        if (!IpLiteral.isValid(who)) {
          throw ToolException.invalid(
              "'who' must be an IP address for as=peerhost (use peerhost_net for a "
                  + "range), got '"
                  + who
                  + "'");
        }
      }
      case "peerhost_net" -> {
        var m = CIDR.matcher(who);
        int bits = m.matches() ? Integer.parseInt(m.group(2)) : -1;
        boolean v6 = m.matches() && m.group(1).contains(":");
        if (!m.matches() || !IpLiteral.isValid(m.group(1)) || bits > (v6 ? 128 : 32)) {
          throw ToolException.invalid(
              "'who' must be a CIDR range such as 10.0.0.0/8 for as=peerhost_net, got '"
                  + who
                  + "'");
        }
      }
      case "clientid_re", "username_re" -> {
        try {
          Pattern.compile(who);
        } catch (PatternSyntaxException e) {
          throw ToolException.invalid(
              "'who' is not a valid regular expression: " + e.getDescription());
        }
      }
      default -> {}
    }
  }

  /**
   * EMQX's {@code until}: {@code infinity}, or an RFC 3339 time. A time already past is refused
   * here: EMQX answers it with an Erlang char list no model can read.
   */
  static String until(Args a) {
    String until = a.optString("until");
    Integer seconds = a.optInt("duration_seconds");
    if (until != null && seconds != null) {
      throw ToolException.invalid("give either 'until' or 'duration_seconds', not both");
    }
    Instant now = Instant.now();
    if (seconds != null) {
      return now.plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS).toString();
    }
    if (until == null || until.equals("infinity")) {
      return "infinity";
    }
    Instant end;
    try {
      end = OffsetDateTime.parse(until).toInstant();
    } catch (DateTimeParseException e) {
      throw ToolException.invalid(
          "'until' must be an RFC 3339 time with an offset, e.g. 2025-07-01T00:00:00Z, "
              + "got '"
              + until
              + "'");
    }
    if (!end.isAfter(now)) {
      throw ToolException.invalid(
          "'until' (" + until + ") is not in the future; omit it for a permanent ban");
    }
    return until;
  }
}
