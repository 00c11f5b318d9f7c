package dev.flowcraft.expr;

import java.util.Iterator;
import java.util.List;
import org.apache.commons.jexl3.JexlArithmetic;
import org.apache.commons.jexl3.JexlOperator;
import org.apache.commons.jexl3.introspection.JexlMethod;
import org.apache.commons.jexl3.introspection.JexlPropertyGet;
import org.apache.commons.jexl3.introspection.JexlPropertySet;
import org.apache.commons.jexl3.introspection.JexlUberspect;

/**
 * Introspection for the sandbox. Property reads go to {@link JsonPropertyGet} only; there are no methods,
 * constructors, property writes or classes by name. Operator resolution and iteration are delegated to
 * JEXL's own uberspect, built with {@code JexlPermissions.RESTRICTED}. Thread-safe if the delegate is.
 */
final class JsonOnlyUberspect implements JexlUberspect {

  private final JexlUberspect delegate;

  JsonOnlyUberspect(JexlUberspect delegate) {
    this.delegate = delegate;
  }

  @Override
  public JexlPropertyGet getPropertyGet(List<PropertyResolver> resolvers, Object obj, Object identifier) {
    return getPropertyGet(obj, identifier);
  }

  @Override
  public JexlPropertyGet getPropertyGet(Object obj, Object identifier) {
    return obj == null ? null : new JsonPropertyGet(identifier);
  }

  @Override
  public JexlPropertySet getPropertySet(List<PropertyResolver> resolvers, Object obj, Object identifier, Object arg) {
    return null;
  }

  @Override
  public JexlPropertySet getPropertySet(Object obj, Object identifier, Object arg) {
    return null;
  }

  @Override
  public JexlMethod getMethod(Object obj, String method, Object... args) {
    return null;
  }

  @Override
  public JexlMethod getConstructor(Object ctorHandle, Object... args) {
    return null;
  }

  @Override
  public Class<?> getClassByName(String className) {
    return null;
  }

  @Override
  public List<PropertyResolver> getResolvers(JexlOperator op, Object obj) {
    return delegate.getResolvers(op, obj);
  }

  @Override
  public JexlArithmetic.Uberspect getArithmetic(JexlArithmetic arithmetic) {
    return delegate.getArithmetic(arithmetic);
  }

  @Override
  public Iterator<?> getIterator(Object obj) {
    return delegate.getIterator(obj);
  }

  @Override
  public ClassLoader getClassLoader() {
    return delegate.getClassLoader();
  }

  @Override
  public void setClassLoader(ClassLoader loader) {
    // The sandbox never loads classes; the loader is irrelevant.
  }

  @Override
  public int getVersion() {
    return delegate.getVersion();
  }
}
