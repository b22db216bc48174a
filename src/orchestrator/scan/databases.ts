/**
 * Databases, caches and brokers recognised in compose files by image, with their port inside the
 * container and the client libraries whose presence in an app means the app needs them (the keys
 * are evidence keys, as in frameworks.ts).
 */
export interface Database {
  id: string;
  name: string;
  images: string[];
  port: number;
  drivers: string[];
}

export const databases: Database[] = [
  {
    id: 'postgres',
    name: 'PostgreSQL',
    images: [
      'postgres',
      'postgis/postgis',
      'timescale/timescaledb*',
      'pgvector/pgvector',
      'bitnami/postgresql',
      'supabase/postgres',
    ],
    port: 5432,
    drivers: [
      'npm:pg',
      'npm:postgres',
      'npm:pg-promise',
      'npm:@prisma/client',
      'py:psycopg2',
      'py:psycopg2-binary',
      'py:psycopg',
      'py:asyncpg',
      'gem:pg',
      'mix:postgrex',
      'go:github.com/lib/pq',
      'go:github.com/jackc/pgx*',
      'cargo:tokio-postgres',
      'cargo:postgres',
      'jvm:postgresql',
      'jvm:r2dbc-postgresql',
    ],
  },
  {
    id: 'mysql',
    name: 'MySQL',
    images: ['mysql', 'bitnami/mysql', 'percona*'],
    port: 3306,
    drivers: [
      'npm:mysql',
      'npm:mysql2',
      'py:mysqlclient',
      'py:pymysql',
      'py:aiomysql',
      'gem:mysql2',
      'mix:myxql',
      'go:github.com/go-sql-driver/mysql',
      'jvm:mysql-connector-j',
      'jvm:mysql-connector-java',
    ],
  },
  {
    id: 'mariadb',
    name: 'MariaDB',
    images: ['mariadb', 'bitnami/mariadb'],
    port: 3306,
    drivers: [
      'npm:mariadb',
      'npm:mysql',
      'npm:mysql2',
      'py:mariadb',
      'py:mysqlclient',
      'py:pymysql',
      'gem:mysql2',
      'mix:myxql',
      'go:github.com/go-sql-driver/mysql',
      'jvm:mariadb-java-client',
    ],
  },
  {
    id: 'redis',
    name: 'Redis',
    images: ['redis', 'redis/redis-stack*', 'bitnami/redis', 'valkey/valkey', 'eqalpha/keydb'],
    port: 6379,
    drivers: [
      'npm:redis',
      'npm:ioredis',
      'npm:bullmq',
      'npm:bull',
      'py:redis',
      'py:aioredis',
      'py:django-redis',
      'gem:redis',
      'gem:sidekiq',
      'mix:redix',
      'go:github.com/redis/go-redis*',
      'go:github.com/go-redis/redis*',
      'go:github.com/gomodule/redigo',
      'cargo:redis',
      'jvm:jedis',
      'jvm:lettuce-core',
      'jvm:spring-boot-starter-data-redis',
    ],
  },
  {
    id: 'mongo',
    name: 'MongoDB',
    images: ['mongo', 'mongodb/mongodb-community-server', 'bitnami/mongodb'],
    port: 27017,
    drivers: [
      'npm:mongodb',
      'npm:mongoose',
      'py:pymongo',
      'py:motor',
      'py:mongoengine',
      'gem:mongoid',
      'gem:mongo',
      'mix:mongodb_driver',
      'go:go.mongodb.org/mongo-driver*',
      'cargo:mongodb',
      'jvm:mongodb-driver-sync',
      'jvm:spring-boot-starter-data-mongodb',
    ],
  },
  {
    id: 'rabbitmq',
    name: 'RabbitMQ',
    images: ['rabbitmq', 'bitnami/rabbitmq'],
    port: 5672,
    drivers: [
      'npm:amqplib',
      'npm:amqp-connection-manager',
      'py:pika',
      'py:aio-pika',
      'py:kombu',
      'gem:bunny',
      'mix:amqp',
      'go:github.com/rabbitmq/amqp091-go',
      'go:github.com/streadway/amqp',
      'jvm:spring-boot-starter-amqp',
      'jvm:amqp-client',
    ],
  },
  {
    id: 'elasticsearch',
    name: 'Elasticsearch',
    images: [
      'elasticsearch',
      'docker.elastic.co/elasticsearch/elasticsearch',
      'opensearchproject/opensearch',
      'bitnami/elasticsearch',
    ],
    port: 9200,
    drivers: [
      'npm:@elastic/elasticsearch',
      'npm:@opensearch-project/opensearch',
      'py:elasticsearch',
      'py:opensearch-py',
      'gem:elasticsearch',
      'go:github.com/elastic/go-elasticsearch*',
    ],
  },
  {
    id: 'memcached',
    name: 'Memcached',
    images: ['memcached', 'bitnami/memcached'],
    port: 11211,
    drivers: ['npm:memjs', 'npm:memcached', 'py:pymemcache', 'py:python-memcached', 'gem:dalli'],
  },
  {
    id: 'minio',
    name: 'MinIO',
    images: ['minio/minio', 'bitnami/minio'],
    port: 9000,
    drivers: ['npm:minio', 'py:minio'],
  },
  {
    id: 'clickhouse',
    name: 'ClickHouse',
    images: ['clickhouse/clickhouse-server', 'yandex/clickhouse-server'],
    port: 8123,
    drivers: ['npm:@clickhouse/client', 'py:clickhouse-connect'],
  },
  {
    id: 'nats',
    name: 'NATS',
    images: ['nats'],
    port: 4222,
    drivers: ['npm:nats', 'go:github.com/nats-io/nats.go'],
  },
  {
    id: 'mailpit',
    name: 'Mailpit',
    images: ['axllent/mailpit', 'mailhog/mailhog'],
    port: 1025,
    drivers: [],
  },
];

/** Does an evidence key (or a table key with a trailing `*`) match? */
export function keyMatches(pattern: string, key: string): boolean {
  return pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : key === pattern;
}
