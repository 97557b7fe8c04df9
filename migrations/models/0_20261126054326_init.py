from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS `families` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(255),
    `invite_code` VARCHAR(8) NOT NULL UNIQUE,
    `invite_code_expires_at` DATETIME(6),
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `users` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `username` VARCHAR(100) NOT NULL UNIQUE,
    `email` VARCHAR(255) UNIQUE,
    `hashed_password` VARCHAR(128) NOT NULL,
    `is_parent` BOOL NOT NULL,
    `is_active` BOOL NOT NULL,
    `balance_cents` BIGINT NOT NULL,
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL,
    `family_id` INT,
    `parent_id` INT,
    CONSTRAINT `fk_users_families_bcddbb72` FOREIGN KEY (`family_id`) REFERENCES `families` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_users_users_b2a9ae01` FOREIGN KEY (`parent_id`) REFERENCES `users` (`id`) ON DELETE SET NULL,
    KEY `idx_users_family__cc1c2f` (`family_id`),
    KEY `idx_users_parent__a6dc1a` (`parent_id`)
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `activities` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `activity_type` VARCHAR(50) NOT NULL,
    `description` LONGTEXT NOT NULL,
    `activity_data` JSON NOT NULL,
    `created_at` DATETIME(6) NOT NULL,
    `family_id` INT,
    `target_user_id` INT,
    `user_id` INT NOT NULL,
    CONSTRAINT `fk_activiti_families_1727d05b` FOREIGN KEY (`family_id`) REFERENCES `families` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_activiti_users_bf72f8e8` FOREIGN KEY (`target_user_id`) REFERENCES `users` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_activiti_users_e638e970` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    KEY `idx_activities_user_id_6f80e4` (`user_id`, `created_at`),
    KEY `idx_activities_target__750668` (`target_user_id`, `created_at`),
    KEY `idx_activities_family__fda8ab` (`family_id`, `created_at`),
    KEY `idx_activities_activit_cece9e` (`activity_type`, `created_at`)
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `chores` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `title` VARCHAR(200) NOT NULL,
    `description` LONGTEXT NOT NULL,
    `reward_cents` BIGINT NOT NULL,
    `min_reward_cents` BIGINT,
    `max_reward_cents` BIGINT,
    `is_range_reward` BOOL NOT NULL,
    `cooldown_days` INT NOT NULL,
    `is_recurring` BOOL NOT NULL,
    `frequency` VARCHAR(50),
    `is_disabled` BOOL NOT NULL,
    `assignment_mode` VARCHAR(20) NOT NULL COMMENT 'SINGLE: single\nMULTI_INDEPENDENT: multi_independent\nUNASSIGNED: unassigned',
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL,
    `creator_id` INT NOT NULL,
    `family_id` INT,
    CONSTRAINT `fk_chores_users_8fa3d14a` FOREIGN KEY (`creator_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_chores_families_b5138533` FOREIGN KEY (`family_id`) REFERENCES `families` (`id`) ON DELETE SET NULL,
    KEY `idx_chores_family__aa6870` (`family_id`, `is_disabled`),
    KEY `idx_chores_creator_13a847` (`creator_id`, `is_disabled`),
    KEY `idx_chores_assignm_b6c442` (`assignment_mode`, `family_id`)
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `chore_assignments` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `is_completed` BOOL NOT NULL,
    `is_approved` BOOL NOT NULL,
    `completion_date` DATETIME(6),
    `approval_date` DATETIME(6),
    `approval_reward_cents` BIGINT,
    `rejection_reason` LONGTEXT,
    `cooldown_ends_at` DATETIME(6),
    `cycle` INT NOT NULL,
    `pool_slot` SMALLINT,
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL,
    `assignee_id` INT NOT NULL,
    `chore_id` INT NOT NULL,
    UNIQUE KEY `uid_chore_assig_chore_i_894fa4` (`chore_id`, `assignee_id`),
    UNIQUE KEY `uid_chore_assig_chore_i_dd252e` (`chore_id`, `pool_slot`),
    CONSTRAINT `fk_chore_as_users_da327dd8` FOREIGN KEY (`assignee_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_chore_as_chores_00402b63` FOREIGN KEY (`chore_id`) REFERENCES `chores` (`id`) ON DELETE CASCADE,
    KEY `idx_chore_assig_chore_i_22f511` (`chore_id`, `is_completed`, `is_approved`),
    KEY `idx_chore_assig_assigne_36a65e` (`assignee_id`, `is_completed`),
    KEY `idx_chore_assig_is_appr_c7a7c8` (`is_approved`, `cooldown_ends_at`)
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `ledger_entries` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `kind` VARCHAR(20) NOT NULL COMMENT 'REWARD: reward\nADJUSTMENT: adjustment\nPAYOUT: payout',
    `amount_cents` BIGINT NOT NULL,
    `reason` LONGTEXT NOT NULL,
    `cycle` INT,
    `created_at` DATETIME(6) NOT NULL,
    `actor_id` INT,
    `assignment_id` INT,
    `child_id` INT NOT NULL,
    `chore_id` INT,
    UNIQUE KEY `uid_ledger_entr_assignm_1351e3` (`assignment_id`, `cycle`),
    CONSTRAINT `fk_ledger_e_users_c90cf3b6` FOREIGN KEY (`actor_id`) REFERENCES `users` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_ledger_e_chore_as_7346385c` FOREIGN KEY (`assignment_id`) REFERENCES `chore_assignments` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_ledger_e_users_18b02d94` FOREIGN KEY (`child_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_ledger_e_chores_eaa24e29` FOREIGN KEY (`chore_id`) REFERENCES `chores` (`id`) ON DELETE SET NULL,
    KEY `idx_ledger_entr_child_i_f55195` (`child_id`, `kind`, `created_at`),
    KEY `idx_ledger_entr_actor_i_039185` (`actor_id`, `kind`, `created_at`)
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `aerich` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `version` VARCHAR(255) NOT NULL,
    `app` VARCHAR(100) NOT NULL,
    `content` JSON NOT NULL
) CHARACTER SET utf8mb4;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXVtv2zYU/iuGnjqgKxKnabJgGOAkbufOsYvYWbe1g0BLjMNVF0+Xpsaa/z6SulIkbc"
    "kXVVb5klYkD0V955A8N9L/abZrQst/0TMC9BkFS+2i85/mABvi/3B1zzsaWCyyGlIQgJlF"
    "G4OoFYK0GMz8wMNFuOYeWD7ERSb0DQ8tAuQ6uNQJLYsUugZuiJx5VhQ66N8Q6oE7h8ED9H"
    "DFh79xMXJM+AV3jh8/aKEPPR2Z5E2GB0EATR0EGm72AQ/Iw4T6ihb3wEbWUlIZf8ZSD5YL"
    "WGxAxrH4pN8jaJkMUlFftDwixGUDJ3hNG5LPnOmGa4W2kzVeLIMH10lbIycgpXPoQI+8D5"
    "cFXkhwI7DEICdQRhBlTSJscjQmvAehFeRwnulZmabro/FUn/Snuq5V4IzhOoSreKg+/fo5"
    "GcKP3eOXZy/PT169PMdN6DDTkrOn6NUZMBEhhWc01Z5oPQhA1IIyNwOVYwWL79UD8MQAc4"
    "QFrPFHFLFOkF0FdlKQoZ2Jdh1w2+CLbkFnHjzgx9OjFdj+3ru9+rV3++z06AfyQhfPxGiS"
    "juKaLq0i8Gdw54fFgT2FXyTSXCBrBdQroJ32/5iSnm3f/9fKQ/rspvcHRdtexjXD8ehN0j"
    "zHgqvh+LIAfSqwZC7w4L+djEdrJD0hLMBvIiPofO1YyOdWl12xQfv5PnQMgnBnFiIrQI7/"
    "grz2F61+5hCgVjOnyAcCmesHc4/2QjsoMie3AXCcucY1AbKhmDssZZE1MemL5D8HOE80/I"
    "Hm2LGW8c6zat4MbvqTae/mHcOf6960T2q6zMRJSp+9KvAs7aTzfjD9tUMeO3+NR/0iG9N2"
    "0780MiYQBq7uuI86MHObZFKaoMZwnVESSm7sDM36/V3A4HhkjeHvTnb4DFReNyuJLE+o4O"
    "XhrY7rtoA2bkHaAaJEyb//JNRICVw8uq9dD6K58xtcUpAHeETAMUSKZ2xQ3cXdHBi4T4n0"
    "JKXZjPLAY2oV5YUKfzv+YhhECntvctW77muyJaE+ZBu2DpQFll8FGXzxMDqju+FQE2xkO8"
    "D2ddpRO9Fldm8JsGRtmAHj0yPwTJ1ZJEiN23ULJWlbvsru2sUS4IA5xYd8CBl2jPzVA+ZV"
    "z/cxu2xIx8/5aIpNnq9y1RiksQ7S1nvw2HyIXxKhGb0K0kfqZclXLlzX0n3Ljf0rjJ8n3w"
    "75mIf2gjAlecaf6LmfYdxp/i3F9rRBnoLKiWuZ7qOjQ8f0lX+ndv9OkaEsvJeYOxA4EogL"
    "pAWwZ5h2XxtsWlKvaXs5Hg8Z0+lyUHQs3N1c9m+fHVObCTdC0eLFq4mFaVAN9jylQr0C6r"
    "G8IrKzYHAq+xJ48h04FJq5VTfdf5BgstKBEE0UYG3EbY5Y8fogeO1Bqu0ZiVJVWFvRXKo0"
    "SLtokaPjp2735OSse3Ty6vz05dnZ6flRqlLwVat0i8vBG7LAMvzmV1wP/gOpYxpjCvxqUQ"
    "0R7UahjYZxou7IBqdjV972eHq1FjZ5LTSW5KUcm6ULX9q+Pgfk0X6XuZ35czPLmINzYgPL"
    "kmLKELZoAznpnr1KQSUPq/Cc3PSGQ4EersJ532E4L1yYG3KdpVRcbwrXBZtRPPqcXs56BE"
    "vuSAUqFRgTeTNyjtmyG33e56swXRtspHjtIG5zlfRzYPCWjdvk5Wp9vDGZ3PUFGw8V18Iy"
    "KIZWHhDLILegOYcetuDwuKDILRLTv/7tFlpAkkgYYz6kffVxVy2KRD7tPXioyUKGJQKFde"
    "RzM7FX5Osm8skYkmghUbxdT1adBTJ18g1UwNL+VEyv1phegAKR9S/P1U4JWpE4zOZod4/K"
    "JGnjVtIsbVqn0rQb4szc3Lu/E6d+E31dNbv0beRsEWMRUbfIO1Y3L/BStwUvBNSKF5vyAu"
    "tEHnDmMIZUwIo1aR1FapXaUSm1Iw5SmWApmAZyj0iRrjXbws78TEQ0oRF69KXVpTpPqkS6"
    "gkjfexB/rmMIEoflujxD1IZo+b6PXOZN2crCnadUsl1BtkX+Ak7C+05oc35AQZiA6aY+q0"
    "rzMY5WMqiyjNAmg9GbYf+iE1F/dG7uhtOBPhhd99/18Z/R9KJj446QTt69gPiPE3x07ka9"
    "yWTwZtS/vuiETuwXjGSyskVcyiBeYQ8Xp5AK58qhP8zAngrnfo9cLxPOZf3AZZVshkgFHk"
    "XKnjrrvP9obiSGKuy4NpzLzNf1AV11vrEksNudbxSpz1vGcgVnFlsi04yAqvD3twx/x7Na"
    "EP/O5rs8AE7nTB1XmqkodZ1RavovB6vcsZW0b59Pq3t6WsYiPz2Vm+SkruDWcj6jAGL8ZM"
    "4VifSyZLtxpnxbOWawPi+B9LkU5/MVKOvwywJhO2sDe1jeizpm0xxTWHDMRvm9WuYBUX6v"
    "75HrMr8X50ooZZoxd/Bubmbkb/w9yCV+tUWWpbVuaby2FB8b2jPobQlQu67i2quNmrfqBY"
    "ZqweiXW6u8p2HXlzrlYp7x9dn09K7o4iaE5SZq8wnX0Lb8Vdupn0/URtnEddrECQc2CYUn"
    "tE3OKtZu++97t9cXnSjJ7aPTu357N5ne0KA3MP8J/cCm0e53vT/Hd7hsAZZuGDQjyg1sN8"
    "RzbpN7RQqUbQqA1X6fSPVbRLa6O2SzzBBtv1tjbdn29V4k0TA9ZOfndZW7oGWGYxl3QV7D"
    "KjmL8iRqIq1MHtzgUoEcnQJXdKtAZjWUXfVzJG3SbQ76poYWiunKixqQJYBXJfYU72nIZm"
    "qJexqMWrOlGiaxpe9oMCSpUuK74Ou+UuRAUZXeKCJGFTApTLuAtlJS1IGCzClEjbpyny4b"
    "Al9sspzInbDk1xlUvlC7fKOEp1VzhvI0rUtlOS51s8XxipstjvmbLaANkFUF4pRgJ3lZDY"
    "J3L1lZD8B/gKa+wAvvoys6Iy4HWkDaZFf/pkLdLZOhhVvJhbrLZ2n5GDZPqBusO+CZ0anj"
    "nRV/3oLkLwhW67U/bpHS1Yh4sswcLOAzYBGddpPoFEfamhsQao5NKf++nCHt9e+rdMC2cV"
    "2WDngIxzUPz+LLXbVPda1qmDI0CtN1bnKZGvztXLp1glvWLcYI1YH+vGcTcd3V6dfoN1jJ"
    "zqlyrSXQF+M4dcPUNFWkHE7qVPUGOfx6bL3sALK2AsUmhes2EB3KVGfQm3Fi/yAljAb2sd"
    "ayHVDtCtTv9bxID3rIIB5rLjwZ1zxfFaAEWRsVoaxLTvYdofwMPV94I7w8qJMjaWEwZy8h"
    "NDKpKiAcN28hunuJ/+I3BkIPwdvJeCRxXmckRR8mMoLO146F/ANWgUXgEjAYRyV31qJ4rO"
    "I564EkHVyKXDV1Zto8/Q/ZfcEl"
)
