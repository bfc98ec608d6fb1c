# Build: the Maven wrapper fetches Maven and the dependencies from Maven Central.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
COPY bpmn bpmn
COPY forms forms
RUN ./mvnw -B -ntp -q package -DskipTests && cp target/irflow-*.jar /app.jar

# Run: a JRE and the application, as an unprivileged user.
FROM eclipse-temurin:17-jre
# /data/evidence exists in the image so that a volume mounted there starts owned by irflow.
RUN useradd --system --uid 10001 irflow && mkdir -p /data/evidence && chown -R irflow /data && chmod 700 /data/evidence
USER irflow
WORKDIR /data
COPY --from=build /app.jar /opt/irflow/irflow.jar
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/irflow/irflow.jar"]
