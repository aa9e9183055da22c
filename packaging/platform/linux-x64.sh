# Sourced by packaging/dist.sh: what differs on Linux x64. Nothing platform-specific lives elsewhere.
MCPB_PLATFORM=linux        # the manifest's compatibility.platforms (Node's process.platform)
ARCHIVE=tar.gz             # the runtime bundle's format
LAUNCHER=emqx-mcp-server   # bin/ file the manifest starts
