# Sourced by packaging/dist.sh: what differs on Windows x64. Nothing platform-specific lives elsewhere.
MCPB_PLATFORM=win32            # the manifest's compatibility.platforms (Node's process.platform)
ARCHIVE=zip                    # the runtime bundle's format
LAUNCHER=emqx-mcp-server.cmd   # bin/ file the manifest starts (cmd.exe runs it; no sh on Windows)
# Git Bash runs the build here; the JDK's path comes from Maven as C:\...: make it a path bash can run.
jdk=$(cygpath -u "$jdk")
