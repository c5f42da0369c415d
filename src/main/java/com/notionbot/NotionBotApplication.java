package com.notionbot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** notion-bot: a Camel gateway between task submitters, MongoDB and Notion. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotionBotApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotionBotApplication.class, args);
    }
}
