# OmenDb.Pg server image.
#   docker build -t omendb .
#   docker run --rm -p 5433:5433 -v omendb-data:/var/lib/omendb omendb [extra server options]

# ---- build: restore and publish the server (framework-dependent, portable) ----------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project files only, so that the restore layer is cached across source edits.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/OmenDb.Common/OmenDb.Common.csproj src/OmenDb.Common/
COPY src/OmenDb.Sql/OmenDb.Sql.csproj src/OmenDb.Sql/
COPY src/OmenDb.Storage/OmenDb.Storage.csproj src/OmenDb.Storage/
COPY src/OmenDb.Engine/OmenDb.Engine.csproj src/OmenDb.Engine/
COPY src/OmenDb.Wire/OmenDb.Wire.csproj src/OmenDb.Wire/
COPY src/OmenDb.Server/OmenDb.Server.csproj src/OmenDb.Server/
RUN dotnet restore src/OmenDb.Server/OmenDb.Server.csproj

COPY src/ src/
RUN dotnet publish src/OmenDb.Server/OmenDb.Server.csproj -c Release --no-restore -o /app

# ---- runtime: Debian 12 (librocksdb7.8) with the ASP.NET Core runtime from the official image ----------
# The storage layer binds to librocksdb.so.7.8, which only Debian 12 ships. The .NET 10 images are Ubuntu 24.04
# (Microsoft publishes no Debian images for .NET 10, and Ubuntu 24.04 has RocksDB 8.9), so the runtime is copied
# from mcr.microsoft.com/dotnet/aspnet:10.0 onto debian:bookworm-slim. .NET 10 supports Debian 12.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS dotnet

FROM debian:bookworm-slim AS runtime

# librocksdb7.8: storage. libssl3: SCRAM and MD5 authentication (System.Security.Cryptography uses OpenSSL).
# tzdata: time zone names (SET TimeZone, AT TIME ZONE). The build is globalization-invariant, so no ICU.
RUN apt-get update \
    && apt-get install -y --no-install-recommends librocksdb7.8 libssl3 libstdc++6 tzdata ca-certificates \
    && rm -rf /var/lib/apt/lists/*

COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet

ENV DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true \
    DOTNET_CLI_TELEMETRY_OPTOUT=1

RUN groupadd --system omendb \
    && useradd --system --gid omendb --home-dir /var/lib/omendb --shell /usr/sbin/nologin omendb \
    && mkdir -p /var/lib/omendb \
    && chown omendb:omendb /var/lib/omendb

WORKDIR /app
COPY --from=build /app ./

USER omendb
VOLUME /var/lib/omendb
EXPOSE 5433

# Further options (e.g. --auth scram) follow the image name in `docker run`; OMENDB_PASSWORD sets the postgres password.
ENTRYPOINT ["dotnet", "/app/omendb.dll", "--listen", "0.0.0.0", "--data", "/var/lib/omendb"]
