package dev.locklab.cli;
public final class Main { public static void main(String[] a) { System.out.println("hi " + org.redisson.Redisson.class + redis.clients.jedis.Jedis.class); } }
