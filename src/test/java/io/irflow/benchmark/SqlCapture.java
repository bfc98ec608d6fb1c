package io.irflow.benchmark;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The SQL the application runs, with its parameters, for the plans: the application's data source is wrapped so that,
 * while a capture is on, every prepared statement executed (the product's and the engine's) is recorded. Off, it passes
 * every call through. {@link #explain} runs {@code EXPLAIN (ANALYZE, BUFFERS)} of a recorded statement with its
 * parameters.
 */
final class SqlCapture implements BeanPostProcessor {

  record Statement(String sql, List<Object> parameters) {}

  private static volatile List<Statement> capturing;

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof DataSource target && !Proxy.isProxyClass(bean.getClass()) && beanName.equals("dataSource")) {
      return proxy(DataSource.class, target, (method, args) -> {
        Object result = method.invoke(target, args);
        return result instanceof Connection connection ? connection(connection) : result;
      });
    }
    return bean;
  }

  /** Records what runs while {@code work} runs. */
  static List<Statement> capture(Runnable work) {
    List<Statement> statements = Collections.synchronizedList(new ArrayList<>());
    capturing = statements;
    try {
      work.run();
    } finally {
      capturing = null;
    }
    return new ArrayList<>(statements);
  }

  /** The plan of a statement, run with its parameters: EXPLAIN (ANALYZE, BUFFERS). */
  static List<String> explain(JdbcTemplate jdbc, Statement statement) {
    return jdbc.execute((Connection c) -> {
      try (PreparedStatement explain = c.prepareStatement("explain (analyze, buffers) " + statement.sql())) {
        for (int i = 0; i < statement.parameters().size(); i++) {
          explain.setObject(i + 1, statement.parameters().get(i));
        }
        List<String> lines = new ArrayList<>();
        try (ResultSet rs = explain.executeQuery()) {
          while (rs.next()) {
            lines.add(rs.getString(1));
          }
        }
        return lines;
      }
    });
  }

  private interface Call {
    Object invoke(Method method, Object[] args) throws Throwable;
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, Object target, Call call) {
    InvocationHandler handler = (p, method, args) -> {
      try {
        return call.invoke(method, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    if (type == DataSource.class) {
      // Keep what the pool's own consumers unwrap (metrics, health).
      return (T) Proxy.newProxyInstance(SqlCapture.class.getClassLoader(),
          new Class<?>[] {DataSource.class, java.io.Closeable.class}, (p, method, args) -> {
            if (method.getName().equals("close") && target instanceof java.io.Closeable closeable) {
              closeable.close();
              return null;
            }
            return handler.invoke(p, method, args);
          });
    }
    return (T) Proxy.newProxyInstance(SqlCapture.class.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private static Connection connection(Connection target) {
    return proxy(Connection.class, target, (method, args) -> {
      Object result = method.invoke(target, args);
      if (result instanceof PreparedStatement statement && method.getName().equals("prepareStatement")) {
        return prepared(statement, (String) args[0]);
      }
      return result;
    });
  }

  private static PreparedStatement prepared(PreparedStatement target, String sql) {
    Map<Integer, Object> parameters = new TreeMap<>();
    return proxy(PreparedStatement.class, target, (method, args) -> {
      String name = method.getName();
      if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
        parameters.put(index, name.equals("setNull") ? null : args[1]);
      } else if (name.equals("clearParameters")) {
        parameters.clear();
      } else if (name.startsWith("execute") && (args == null || args.length == 0)) {
        List<Statement> into = capturing;
        if (into != null) {
          into.add(new Statement(sql, new ArrayList<>(parameters.values())));
        }
      }
      return method.invoke(target, args);
    });
  }
}
