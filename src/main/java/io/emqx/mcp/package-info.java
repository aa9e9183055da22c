/**
 * The launchers: {@code Main} reads the command line ({@code CommandLine}) and the settings once,
 * builds the EMQX client, the MQTT connection, the tool catalog and the policy, and hands them to a
 * transport ({@code HttpLauncher} for HTTP); {@code LogRedaction} keeps secrets out of the logs.
 * {@code Json} is the one JSON mapper, shared by every layer.
 *
 * <p>The layers, bottom to top; a package may import its own layer and those below it, never one
 * above or beside it (held by the architecture test):
 *
 * <ol>
 *   <li>{@code Json} and {@code topic}: vocabulary every layer shares, importing nothing of ours;
 *   <li>{@code config};
 *   <li>{@code emqx} and {@code mqtt}, side by side;
 *   <li>{@code diagnosis};
 *   <li>{@code tools};
 *   <li>{@code policy};
 *   <li>{@code server}, then {@code transport};
 *   <li>this package's launchers.
 * </ol>
 *
 * <p>{@code mock}, the fake EMQX, stands apart: it imports nothing of ours, and only {@code Main}
 * imports it, for the {@code --mock-emqx} flag.
 */
package io.emqx.mcp;
