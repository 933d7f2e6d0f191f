# Sourced by mvnw, ./mycelium and .ci/run so that all three build and run on the same JDK.
# Choice: Temurin 25 when present (faster JIT and crypto intrinsics for the data plane), otherwise the
# default JDK, which must be 17 or newer; the bytecode targets Java 17 so both work.
# Override with MYCELIUM_JAVA_HOME.
if [ -n "${MYCELIUM_JAVA_HOME:-}" ]; then
  export JAVA_HOME="$MYCELIUM_JAVA_HOME"
elif [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
