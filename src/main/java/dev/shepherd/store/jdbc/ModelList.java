package dev.shepherd.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLDataException;
import java.util.List;

/**
 * Codec for {@code api_keys.models}: a JSON array of model ids. SQL NULL means "all models";
 * {@code []} means "none". JSON (not a comma list) so ids may hold any character.
 */
final class ModelList {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> TYPE = new TypeReference<>() {};

  private ModelList() {}

  static String encode(List<String> models) throws SQLDataException {
    if (models == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(models);
    } catch (JsonProcessingException e) {
      throw new SQLDataException("api_keys.models: cannot encode", e);
    }
  }

  static List<String> decode(String column) throws SQLDataException {
    if (column == null) {
      return null;
    }
    try {
      List<String> models = JSON.readValue(column, TYPE);
      if (models == null || models.contains(null)) {
        throw new SQLDataException("api_keys.models: not a JSON array of strings");
      }
      return models;
    } catch (JsonProcessingException e) {
      throw new SQLDataException("api_keys.models: not a JSON array of strings", e);
    }
  }
}
