package it.mono.common;

public record Money(long cents, String currency) {}
