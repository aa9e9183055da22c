@echo off
rem Starts emqx-mcp-server on Windows; the sh launcher next to this file explains each JVM option.
rem Java: the runtime bundle's own runtime\, else JAVA_HOME, else java on PATH. Options for a stdio
rem session (one client): C1 only, a small heap, the JVM's messages on stderr (stdout is the
rem protocol). The class-data archive the bundle build trained, if present; EMQX_MCP_CDS=train
rem writes it (the build does). EMQX_MCP_CONFIG names a HOCON file for --config. Arguments go to
rem the server unchanged; EMQX_MCP_JAVA_OPTS adds JVM options.
setlocal
set "root=%~dp0.."
set "jar=%root%\lib\emqx-mcp-server.jar"
if not exist "%jar%" set "jar=%root%\target\emqx-mcp-server.jar"
set "java=java"
if defined JAVA_HOME set "java=%JAVA_HOME%\bin\java.exe"
if exist "%root%\runtime\bin\java.exe" set "java=%root%\runtime\bin\java.exe"
set "archive=%root%\lib\emqx-mcp-server.jsa"
set "cds="
if exist "%archive%" set "cds=-XX:SharedArchiveFile=%archive%"
if "%EMQX_MCP_CDS%"=="off" set "cds="
if "%EMQX_MCP_CDS%"=="train" set "cds=-XX:ArchiveClassesAtExit=%archive%"
set "config="
if defined EMQX_MCP_CONFIG set config=--config "%EMQX_MCP_CONFIG%"
"%java%" %cds% -Xlog:disable -Xlog:all=warning:stderr -XX:+DisplayVMOutputToStderr -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xmn8m -Xmx256m -XX:-UsePerfData %EMQX_MCP_JAVA_OPTS% -cp "%jar%" io.emqx.mcp.Main %config% %*
