from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS `calendar_feeds` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `secret_hash` VARCHAR(64) NOT NULL UNIQUE,
    `created_at` DATETIME(6) NOT NULL,
    `revoked_at` DATETIME(6),
    `child_id` INT,
    `created_by_id` INT,
    `family_id` INT NOT NULL,
    CONSTRAINT `fk_calendar_users_4c6a636a` FOREIGN KEY (`child_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_calendar_users_abd89699` FOREIGN KEY (`created_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_calendar_families_0eacfaf4` FOREIGN KEY (`family_id`) REFERENCES `families` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='A feed of the family scheduled chores, or of one child when child is set.';
        CREATE TABLE IF NOT EXISTS `chore_occurrences` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `original_at` DATETIME(6) NOT NULL,
    `opens_at` DATETIME(6) NOT NULL,
    `due_at` DATETIME(6) NOT NULL,
    `deadline_at` DATETIME(6) NOT NULL,
    `state` VARCHAR(12) NOT NULL COMMENT 'UPCOMING: upcoming\nOPEN: open\nOVERDUE: overdue\nMISSED: missed\nCOMPLETED: completed\nDONE: done\nSKIPPED: skipped',
    `completed_at` DATETIME(6),
    `approved_at` DATETIME(6),
    `missed_at` DATETIME(6),
    `cycle` INT,
    `penalty_status` VARCHAR(10) NOT NULL COMMENT 'NONE: none\nPROPOSED: proposed\nBOOKED: booked\nWAIVED: waived',
    `penalty_cents` BIGINT,
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL,
    `assignee_id` INT NOT NULL,
    `chore_id` INT NOT NULL,
    UNIQUE KEY `uid_chore_occur_chore_i_658dcf` (`chore_id`, `assignee_id`, `original_at`),
    CONSTRAINT `fk_chore_oc_users_71221301` FOREIGN KEY (`assignee_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_chore_oc_chores_6f63169e` FOREIGN KEY (`chore_id`) REFERENCES `chores` (`id`) ON DELETE CASCADE,
    KEY `idx_chore_occur_state_bddbac` (`state`, `due_at`),
    KEY `idx_chore_occur_state_bd0cac` (`state`, `deadline_at`),
    KEY `idx_chore_occur_state_f75656` (`state`, `opens_at`),
    KEY `idx_chore_occur_assigne_9d41e2` (`assignee_id`, `due_at`)
) CHARACTER SET utf8mb4 COMMENT='One occurrence of a scheduled chore for one child: a cycle of his assignment row.';
        CREATE TABLE IF NOT EXISTS `chore_schedules` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `rrule` VARCHAR(500) NOT NULL,
    `starts_on` DATE NOT NULL,
    `due_time` TIME(6),
    `window_minutes` INT,
    `grace_minutes` INT NOT NULL,
    `deadline_action` VARCHAR(10) NOT NULL COMMENT 'NOTHING: nothing\nMISS: miss',
    `missed_penalty_cents` BIGINT,
    `rotation` VARCHAR(20) NOT NULL COMMENT 'NONE: none\nROUND_ROBIN: round_robin\nLEAST_COMPLETED: least_completed',
    `rotation_period` VARCHAR(12) NOT NULL COMMENT 'OCCURRENCE: occurrence\nDAY: day\nWEEK: week\nMONTH: month',
    `rotation_order` JSON NOT NULL,
    `rotation_lookback_weeks` INT NOT NULL,
    `generated_through` DATETIME(6),
    `extend_at` DATETIME(6),
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL,
    `chore_id` INT NOT NULL UNIQUE,
    CONSTRAINT `fk_chore_sc_chores_da403681` FOREIGN KEY (`chore_id`) REFERENCES `chores` (`id`) ON DELETE CASCADE,
    KEY `idx_chore_sched_extend__1c675d` (`extend_at`)
) CHARACTER SET utf8mb4 COMMENT='The calendar rule of one chore, read in its family time zone.';
        CREATE TABLE IF NOT EXISTS `rotation_turns` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `period_start` DATETIME(6) NOT NULL,
    `set_by_parent` BOOL NOT NULL,
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL,
    `child_id` INT NOT NULL,
    `chore_id` INT NOT NULL,
    UNIQUE KEY `uid_rotation_tu_chore_i_9ad0cb` (`chore_id`, `period_start`),
    CONSTRAINT `fk_rotation_users_c3ca7866` FOREIGN KEY (`child_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_rotation_chores_365d23c7` FOREIGN KEY (`chore_id`) REFERENCES `chores` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='Whose turn a rotating chore is for one turn period, once decided (or set by a parent).';
        CREATE TABLE IF NOT EXISTS `schedule_exceptions` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `original_at` DATETIME(6) NOT NULL,
    `action` VARCHAR(10) NOT NULL COMMENT 'SKIP: skip\nMOVE: move',
    `moved_to` DATETIME(6),
    `created_at` DATETIME(6) NOT NULL,
    `chore_id` INT NOT NULL,
    UNIQUE KEY `uid_schedule_ex_chore_i_0847a8` (`chore_id`, `original_at`),
    CONSTRAINT `fk_schedule_chores_a519183b` FOREIGN KEY (`chore_id`) REFERENCES `chores` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='One occurrence of a rule skipped, or moved to another instant.';
        CREATE TABLE IF NOT EXISTS `vacations` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `starts_on` DATE NOT NULL,
    `ends_on` DATE NOT NULL,
    `note` VARCHAR(200) NOT NULL,
    `created_at` DATETIME(6) NOT NULL,
    `child_id` INT NOT NULL,
    `created_by_id` INT,
    CONSTRAINT `fk_vacation_users_d8cb0d04` FOREIGN KEY (`child_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_vacation_users_6c05112e` FOREIGN KEY (`created_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL,
    KEY `idx_vacations_child_i_ceb1fb` (`child_id`, `starts_on`, `ends_on`)
) CHARACTER SET utf8mb4 COMMENT='A child away from ``starts_on`` to ``ends_on`` (local dates, both included).';
        CREATE TABLE IF NOT EXISTS `streak_milestones` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `overall` BOOL NOT NULL,
    `milestone` INT NOT NULL,
    `reached_at` DATETIME(6) NOT NULL,
    `child_id` INT NOT NULL,
    `chore_id` INT,
    `run_start_id` INT NOT NULL,
    UNIQUE KEY `uid_streak_mile_child_i_d7bc6e` (`child_id`, `overall`, `milestone`, `run_start_id`),
    CONSTRAINT `fk_streak_m_users_e13b49a9` FOREIGN KEY (`child_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_streak_m_chores_5e2afa91` FOREIGN KEY (`chore_id`) REFERENCES `chores` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_streak_m_chore_oc_658fb97c` FOREIGN KEY (`run_start_id`) REFERENCES `chore_occurrences` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='A milestone a streak reached, recorded so that the same run never announces it twice.';
        ALTER TABLE `events` MODIFY COLUMN `type` VARCHAR(32) NOT NULL COMMENT 'ASSIGNMENT_COMPLETED: assignment_completed\nASSIGNMENT_APPROVED: assignment_approved\nASSIGNMENT_REJECTED: assignment_rejected\nCHORE_AVAILABLE: chore_available\nBALANCE_UPDATED: balance_updated\nACTIVITY_CREATED: activity_created\nWEBHOOK_ENDPOINT_DISABLED: webhook_endpoint_disabled\nENTRY_REVERSED: entry_reversed\nREWARD_REQUESTED: reward_requested\nREWARD_DECIDED: reward_decided\nALLOWANCE_PAID: allowance_paid\nJAR_TRANSFER: jar_transfer\nROTATION_CHANGED: rotation_changed\nSTREAK_MILESTONE: streak_milestone\nCHORE_DUE: chore_due\nCHORE_OVERDUE: chore_overdue\nCHORE_MISSED: chore_missed';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `events` MODIFY COLUMN `type` VARCHAR(32) NOT NULL COMMENT 'ASSIGNMENT_COMPLETED: assignment_completed\nASSIGNMENT_APPROVED: assignment_approved\nASSIGNMENT_REJECTED: assignment_rejected\nCHORE_AVAILABLE: chore_available\nBALANCE_UPDATED: balance_updated\nACTIVITY_CREATED: activity_created\nWEBHOOK_ENDPOINT_DISABLED: webhook_endpoint_disabled\nENTRY_REVERSED: entry_reversed\nREWARD_REQUESTED: reward_requested\nREWARD_DECIDED: reward_decided\nALLOWANCE_PAID: allowance_paid\nJAR_TRANSFER: jar_transfer';
        DROP TABLE IF EXISTS `streak_milestones`;
        DROP TABLE IF EXISTS `calendar_feeds`;
        DROP TABLE IF EXISTS `chore_schedules`;
        DROP TABLE IF EXISTS `chore_occurrences`;
        DROP TABLE IF EXISTS `schedule_exceptions`;
        DROP TABLE IF EXISTS `rotation_turns`;
        DROP TABLE IF EXISTS `vacations`;"""


MODELS_STATE = (
    "eJztfWtz2ziW9l9B6VO6SptK7DiddU9NlWIriRJZ8ivJSfe2txiKhCy0KVLDixXNTv/3Fw"
    "AvIgmQIiWKJhF8mJ6YxAGp5wDguZ//66wsHRrOy57moifkbjuX4P86prqC+B/MvS7oqOv1"
    "7g654Kpzgw5W/VEI0svq3HFtfAnfWaiGA/ElHTqajdYuskx81fQMg1y0NDwQmQ+7S56J/u"
    "VBxbUeoLuENr7x5//iy8jU4Q88Of7zz47nQFtBOnmSZkPVhbqiuh087E/8QjYmVHJGLNQV"
    "MrYZN4OfsVXc7RqmB5D3WD8qCwQNPYGUPxe97hPiawPT/UAHkp85VzTL8FbmbvB66y4tMx"
    "qNTJdcfYAmtMnz8DXX9ghuBJYA5BBKH6LdEB+bGI0OF6pnuDGc58ruWkdRRuOZMu3PFKVT"
    "gjOaZRKu4ld16K9/IK/wX2ev3/z65t352zfv8BD6mtGVX//2H70Dxiek8Ixmnb/pfdVV/R"
    "GUuTtQGVYk8b1aqjYfYIYwhTX+EWmsQ2TzwA4v7NDeLe064F6pPxQDmg/uEv958SoH26+9"
    "ydWn3uTFxatfyAMtvBP9TToK7pzRWwT+Hdzx12LAnsEfGas5RSYE1DnQzvq/z8jMK8f5lx"
    "GH9MVN73eK9mob3BmORx/D4TEWXA3H71PQRwuW7AUW/M/T8WjPSg8JU/DrSHPBf4CBHOZ0"
    "qYoNnX8sPFMjCIO5hwwXmc5L8th/dupnDgEqnzlpPhDILMd9sOksdII0c2IfAIYz1/iOi1"
    "aQz50kZZo1AenL8B8t3Ccd/AP1sWlsgy9P3r4Z3PSns97NbYI/171Zn9w5S2yc8OqLtyme"
    "RZOAb4PZJ0D+BP8zHvXTbIzGzf6nQ95J9VxLMa2Nouqxj2R4NUQtwfWEkFDww56g2f995z"
    "A4eLPG8LeSL/wOVFY2K4gsSyjhZeEtj+uxgDbuQKoAUSLkLx65EimBi0X3g2VD9GB+gVsK"
    "8gC/kWpqPMEzUKjugmlaBu7f4eoJr+52lK1uIq0ovqjwb8e/GLq+wN6bXvWu+52sI6E+ZB"
    "t2DhQFlj0FE/ji1wCju+Gww/mQVYDth2giMdFNfL0zgCVnw1zVHjeqrSuJQ4Lcsc6s1JVo"
    "LHtrdbZKX1FN9YHiQ34Iee3QAGMY1oYw51bdriD9AayRJj2mm2usCUcra394MaNNZ2xC4E"
    "DXNaAOojnAGtrI0oG1ACrQlsjQL8FaRTrYIHcJkOsAPPwB2gA/x952gWXv5nDBv6FtdYFq"
    "4uHL7ctOiqX1PJFjcvqzQ+cNP470eQreInZgBkqYozhDoalLe1G99qIEkxh481W1NK2Ayl"
    "pLlLMQk1ztLLbJDmN0QCnZ3Gg2qyvLM11FCz9QSUa/Rw+ZZ2aaUiTt5r/Pzs7Pfz17df72"
    "3cWbX3+9ePcqOknZW3lH6vvBR3KqJtjLapVEfOBb3/umt2KExwQbQtomW4U7d6Or8eh6MB"
    "uMR73hJfBMDLuOyF3VuDd7w6EynpAJPg1GHy+JEKJYNl6y7hLz6t68nYxvx5OQeG1ba8v2"
    "adOyTBGz/uu3Bcz6r9N7cmfWJ7dS5sslFvQdRfc4TMzcPkkiaWthd0WAEBaxbesJlhHnOJ"
    "QSYBZg+GNtYIWorDsqRdbkg6ex7ijp8che5eJ6POJKbOGjLKb3CiRhVXeIEftDOUzjJJV8"
    "F1qv8+cY5OkClBb5fabN+D7lm+TLGDZTy5uFf2zCmYX/UxD8IbXV9cO52rS8izIgvqmLmJ"
    "YrMhdjSaiTaysmA7oFDcV4bEEr8WwJY7ZaawEsE4Zm2qW1AStPW3bBZglN8AKZwMXDfeM7"
    "IFIB+Dce/gu1z1omHoW0JYg0MtZAfOqH7Q9HlFbeWqMCpU3o+W1CvhX1UKvQjrrJ6lnnW7"
    "//ZfjHJdhA+Ghs7833g/DKHIXXbsaj2SdyaWWZ7tJ3j5a2+RQJ5XydHcr5mgnlJG+nq5wv"
    "83SFj8rMDRIjE8gicX7269toM5A/8pb/9KY3HLLrHaOiWAuFMrksqmlaCW0CWupyI/GrHP"
    "skMTbwQU1S5Rka2gduDobETpA+ivHyWiHT4+GXvzCTlCJ9DatYl9Lt0Wq3h6Mtoe4ZUHFQ"
    "wKEydkyWWkBbZktsl4U8xdJknb3TxDVZe2v9QK4nKSXXm8J1zmYP3j52tENXmZe0qidoBJ"
    "LAK/RnN8D703rDVY6rwl+B9fkqGrZei1rKExu1gijsvb6iks6KQz1FrXBTlPQTHeWliHt9"
    "OD6KlFMo20PhR3orxMNyktoDf3ZUx8EblETJhzUDtuSjlx8G/ojMrPoClp0zRjoT6nQmhB"
    "w4RMkPaRut5E/633qT60tgQ7JjsVp//fluOrvpj2ZYpdf/8hyXrGuszvf+GN/NSBbF1vLw"
    "35P+dR/LaFi9J7Q6XNEZqVlg/K03uupf7pxuhyj8Z0Vs3mfZNu8zxuYt/UIN8Avhg8wpF6"
    "+3o6hvH3U6p/3O1heoRz9EJST2cLzUgDgakDQhCWZMKGJCistjBXdRnERuJHYjMfJyUVzT"
    "dBLchtpphMPUsmFZTHckcpnyBMEnaDvQKYdqikqGP8vw53rMWoxEIO20ezCNC0EFqpDQ87"
    "ICUK/CecRENf5ZKYDqTmKqCtpeYkYxQWbkzNJuhh0H/lJtZWU9wVWG2Skg//BlAo2spMQA"
    "/8+qfRPMJA72f+d5ZMLP/dFOmZ8ggyQlGpX2zsQOjXTtn+xlG7Jh/+LllR8SZAVzxFqd68"
    "ktj9px67YdgIW+gyrwmiRmEwSukn5TKlZyHKahuJntKSV1405fnF06MOt0YBKe0n8z0F6p"
    "DpxC00EueoLZtdLjE1TjgXlevFOZNcVSa14lHTDxG+BqPBz2Zn3guYt3q/kbZY7MLKcknS"
    "iVAL5SkcH3MPP5EREcxIxGiTYpj+/FRRGX78VFts+X3EvCu1SdJf4ar7FIv7HsDFc+H2gO"
    "aZM9+YfugLN3RXbA2bvs0HpyL4k6cjBsNl9ytCwDqmbGoR6nS4E9x4SnQju6Uq/L9/14PE"
    "x4wd4P0j7du5v3fQw/BR8PQr48z5pTMXK01D/nnN+H+I6uRsTDY6a1gM9Vg6pIB4STMKT1"
    "+VxenVaKqTmYRDrksxkirkNe5nSIxvUiOR1NbbfRPl0xnhlsl47BSNBITPc5YLPE4OdzFj"
    "bRdp1YVC1tWdBEXI/rWJDuwUG+nIkejoe7suIdIwWx0nLatdUJU9NEkWI4cbtMHIFXeSdT"
    "23EjRdcUB+b46MoBFxR8E3BTJvPAlJXKK99RBjTxnXNs6lxdaLVyW9IwMizJHAeUWGFhyX"
    "NrjRTXeoTmsef8Gs3INKIupF0A0pFAlQ/ZaiVemmpAU1dtZQGhfixkwVwf8FSCbsMkXEpg"
    "DJWw7T3eaV+GauAqGKbayu0In4g2b0MN4gccuR37ZK4J1NAaCXyA/aXaxweHCgyOgu+azg"
    "LaVcjtGKpZMJ2gJ1UCsTrBauX6QiRm0HKhqW2VR7g9ErDBbrYvUFhV59nC2luJ1tpzlqQy"
    "JlogjaJxJGS3eL5RbDqhcXO8efSECnCbxqYTFbddUPWRgJWKp247VPgNNPwtOFKyFzIEPY"
    "kYgaIiPWhCJxMUKUvTPNvGksCxtlOqLY6j2YTdi5ZLgVBczz765ArmmuGpRMXrSa1Emviq"
    "ii1FRDBVc2SVgKuNhxa+BdVHZYUM6LiWeezRNaXT3YSzibrGNnC+tKxH0jZ8baGjdaJv/n"
    "T9YDaBlhqb7ls2JzXwUFeXkCquy5to6Q50XTxRzoIsjhlW1aex6QREjGqcaxsu4D65rThq"
    "ROu8TU4pCHIlM1Mjty2v5WDMpZvTbTDhQJZpqrUtgVOnqWakqGYm51WbkfrM++uYnNSCaa"
    "aOZq15p1k2wjsKiXFBjCHWL1yF5I2WAjpJJlyO9ds3BaB++yYTaXIrCfQTchD+3fQ7jX6U"
    "wZqlFHFxnxXK6M1J6GWS1H+sEQl9KJ9ylaQUMOWqvSlW9FIy3FN1XMVzDsqtS9NWwOpmSs"
    "FCcNqGT1iKPoTPSUrJ5SZzWeZHZ38x25kpWyQ/OuRd2Q5oDJ0sBc3JmW1qHnLrQM1Jmm1i"
    "emcjDG7dwvmd3MLFux1eAbail4ROn4YFCmru6TSX4+goaUhNp3Vw7KmczI9ss6pfVTiVdV"
    "J1l7R46WL/UZD++b+k61miXL5lGYpjWC63g9puHHIwG1drwpPwb/wTbesJBpPGn5IeTwfE"
    "KehSsQzd2pjEi+fIZmu1G4HTDC1XxypBKouHlSweFtsGJcuHxSgl6iVQD9YriXciilRpFY"
    "0ll9p4k7Vxf6OoxkHcZoglr1vBaz9Y9qCmk1lTCKRA1t588i+o0RPzkDaULG0lFXgbvOtO"
    "0pEyLWOX/uyx9PIsbPJZWG8P0oOEyROXRa2uYF+kGTNwTleqYWRX7YsTCvQBOT/79W0EKv"
    "kjD8/pTW84lFVkpZeETCGryIrGdc7HKKOwDizZyzNFJf1iDWmRKiKmOW6xulskNg3ewq6b"
    "rB6J/G6eweaWLrFibRFhPrTZDrEmlBVsmBRbTZZUWedhvFIXz3OYquSV4zZkyq7t9Rl2eo"
    "AMBtYCuEsIfAc2cLQl1D28LIBfY6sLLJsMsUwIaFFFsFlCM/gncoAD3ZedFMLVzizzQ5rl"
    "GpSx9TXF1kttOBv6dupFRbRhGQ/8U1hiY23uC+toOxKB7IbVqb3PGmwrOLjPE2vbuM+OaM"
    "G2TQP4VNG25Oisz6rQsLOguLFm94FpZgRzW4HNDWAu0v/n5BHMnay45T1mB6rJFzI3lApR"
    "ZoKNExseOYqOHPIOYcgyAdiys27voqkV8hvoeo3mk4HFtVoPXOTyQhCy7QYRgYDp4WeFah"
    "+c5dQ+OGNrH8TfjME5O6oqRSYE2nVHVB0eYlhJZGETA25qjitcIfOIQE8etUDaYN28wEfd"
    "EbzgUEteHMoLLBPZqvkAA0g5rNiTW5KmlvklpfJLgkhZXeX1NMg2TaXphPksVGaYIksTkm"
    "rM5KHlV3WcVC7pEkt6YUP8c02No/1ny/IJIhFC9pPi/EURaf4iW5i/YGT5uCpbenHHKeXa"
    "LrG2efYCZoX3TW/FWLc4sYqJaerTqjoOxtEIX6ooIzrTwejjsH8JfOp78+ZuOBsog9F1/7"
    "aP/zOaXYIVnggp5NlriP9juvfm3ag3nQ4+jvrXl8Azg+Akf02W1ogLKcQ5+rD0oksvuowp"
    "F4/rRWLKk3bgMv7fiEj6KRvj/W2arHfikHJ/GdbnTGvaoi3lTYv2635HpSxhVRDYbKd6ER"
    "eljCmXDcZlJ6/m4SU7eZVsuhSkKSjwhwaraNw4DSbsh/MJi9xzt6tqy/FfKpqHXZnZsBZv"
    "hEMPv2lsQoGgLRH7RFvadzixT/6Nbl7sE3w6TXlGJvZp7c0N5Cwjm0RYqDH4EurlyyPm+V"
    "0FC2Sqxc+aE+5EAGTwL2Y/DmmbHIrT8Q2/N/3RTLka39wO+zNiBI6ZvqNakPdmbGzv9nYy"
    "/poaGtYvTIyc9D/3r9KT+iWgyMirT+NJX+l97Q2GvffEch0UUH1SEYXi3nzfG/ZGV33l7p"
    "aYqPA8c9Wg7esCSx9+2tVs8HUw+0O5mvT9IXgzoyfkbsM2lffmt/77T+PxF6U/ur4dY74r"
    "14MpeSAenG44GDle7k38AyZ/4J/wtT+ZkqFEJ9rit3+CtkPuT/rfepNrPOD/3fWn9MlByA"
    "N1lDlubMx1/2pwHRsRdEjGbz8cjr/RX3jbG5B33/XnUxG+/7k3UWaT3mj6oT+5BKQPHd4l"
    "prOANp57POvNBuORcvWpN/pIZw/FRW1JPP6YfjrDqHxRbgZD/IrjEXEOpD70IReu7yL8dS"
    "+6itk8id3BDLZjd28GU4qMf3OFHOcwx8F5kU4r59mdVs6ZTitkT7Nb9/N0PMoIoAvGp03G"
    "SHPBfwA+wU+mknX+sfBMWhENzD1kuMh0XpLH/rOk96cKNxzBJ2EtZuLq0iF03aQZmEyQjq"
    "uLf+kYjuSb81OkAtrz22u/Z902aVGnDKfTtDIBssmcli4FEfPJGoZv3ZZvG8tka3S8KZdq"
    "n5NwsvZ+k+qtppJCLUurT+C6R71XkhzdX1NlbELgOdD2pXCoA9fCArsG0ROkhU7orL+BF2"
    "RM1//rF1LshNRJ0VRXW/6XtwaUaWxVlYrn5naGILTBPvABCDOkDi23Ik0NdZkaIn6V4kGc"
    "SqTYh5rj62P7pqAwE6MQCfdTyTIwNMgeKcpEht2WwVtUlInv5/2xEV4QKiIjTvIwjW3VJr"
    "We+qzaPCGHXM6VbP5S7RLSjKM+YQwdYjgk1dpUv0DbJUCuA5ylakNyFaraEmg21JELVFPH"
    "/wMWnUU1wIOlGi9BD4sqK2LcpRNhqeQRrt0uV8Y56RPvTbhau9suWFg2lYyWyHEte0vmJA"
    "8gFDQY4zdAcHUAeZ6/YMEay170XbpYnnIgUB2kQ/BCW0LtET8GmUDDaONHeHg9+7P71exs"
    "awMMS3vskrhqDdI77sYC5Fs+xzM5gFjJyZPovDpaLKCNX8LY/iJL4DUwiZ3+PwNrdt5LOL"
    "7JnpwDc17OiwTsn2cH7J8zAft4l2ncb/2euvo7MpHkqSrK6iNHcUiuBkcz2JNCFJHJ/KES"
    "+UNry0H88gv7WkPs6OQaTmJKvulK6eIhSSrxMg5fFyog8jqngMhrtoCID5pqY2HjkMR9Lr"
    "lA1vqaLQthtMIBnGBIhUkfr71bGVUkDqrJGqeULskmuyRlpmj2tmtnzqDMFP0Zuc7Z7Gym"
    "6DPUX24ce0/dI6fWoqtNQ7dwOuPeqqtFIg/CkE5HsTzOQVYm+OCzas+C2QSCPbH7d2ghjp"
    "IuwUqWcQst4kcjdRPMJBJSJ3bwRIuL7+iJr71ch08U813Q83NjmXALfPfJwrZWNMAk6ZAh"
    "4SeqaRGHRBfMt/gy8WCYLmnrg//ceT+WaOVAY8EGtJzqIUWSauLHbkx8l9WAa3WkqCvLMw"
    "+yMqUpRZLIarZu4O3FMapmVwoOx9dYzKpz2mOdq9GcpOW6NDEIpmwWMTHgL23ZokRxEoFs"
    "5xX2uJX6e+VVnrAIphBZsVxSRpJKIstBFp8NpXFN0EhUpb2pNnsT8+mqD9SGfbWKYhr/Wm"
    "ekD/EO2gpwDYI9BV2rqW/L/uXqH5oS1z24Jr4thxudn8Uy2JIj4qSGwSAfk2MT3GVqZpsD"
    "abYjqqFtl7SlCRuU3LBdmCoifnFRICoOj8ouI07upYJozSfkQkXLLAifsXqTZMK1PX9XAO"
    "l3mTi/y0FZgT/WyIbOAcay7FlkBFZzgjJYQxnhwL+DWn9FN1icRryj7O2bAvvr7ZvMDUZu"
    "SRO0NEHLKDfRuJ4V5cZYyIpockG9u6PLdfeCunntO3aLhcLA1TwIoTgcI7FMYUlr4Rphff"
    "ARHlsyubdGMzKNoDBpKv6+66qtLCDUj61iHsz1Afp1E1t2+BbDK+oyfgROYTNzAdfTrhLx"
    "4fgUrYvRRnxsqJOk/+NLuU+iiUTdan5x2aNhCrvEighRutzvkWB986frB7OJhNopTeADsh"
    "MtlzQT/QK5pvDUiG6eSRztxiqPcHsC03iitBp+BFNV7c/Dw1BljTVyr44aa4+wVL/bYLiA"
    "ZT9OYmJf4OdDe20jXvWPnK7CSTIB0a7eCui4quuVaUW+I5DhiLwG76ZL6q5RUEos3TSdeA"
    "bsk1SomFs65xx+j0zV3maUQggo0nVstq6vWLYL4rzvWlBSP7JOYhzfD0a9yR/8uPX3nBL8"
    "7/+Y9XvSbSC4AbmQ20CWNT1t0KoswFkkXq25BTijwDV+fmY8ri0/PzMRS7c/P3OKlwfUAU"
    "1/Axg4C7ywbGB5LrAWv4R5lJckWdL1syn9pqx+A6IuHUCLV9J7YW5oFwQ1Ma01NDHf2IzN"
    "+h5bNocziGeUinNDFWfEKz9YrA9aSNtkxa4zvu2PBqOPl+EiDnp/BS2/7s1dBy43lrNdXp"
    "ouJEznyNJpUVpm4DYgA1cK1z+jcC1zGKs3xPgNFkthGieRti0W0tKZizJtMT8ZNPj+l0wH"
    "TVLJhSrzQZ8jH1Rm1+1HtEzCIv34VIDokOrZ/XC2dh0ERYGNf6kL5ILG9Kzj12uJKm8tRT"
    "f1hWmYoW0KXZd0henwDW3R7e4+Q5sTH7nXztYLyottlpZDjVt+Qxg8CfDWXdp5ZrOkFiqw"
    "hGCl+uXM8H9IZbM5dDcQmsS2tcqugnaaR8jszGZlZ/qfWU01lexzKbcbB38C2ZejRF8OaW"
    "bJXv7imllk6pNoXM9KfWqcca31X7QSyWSs/LdXFR+bcGbh/5xYEX9WLlSnhlcnTt96znJk"
    "uWiBNDX4PYxMzYzJFazXeDTeibvhhcVrQgnCbtZW2OGaNGeMWlp3gWe6yADIJV0cHVL9F4"
    "9dkn9782g6h3iRHxAmwGIzT8o+4ZO48d7xTqxhAAMb9I0fgj8wC9df2pqh4i+JrtDXkM7s"
    "hjqzZaftZ/SVZkcSZMTgtyB64MDY2vOzAtEA52fZvTfPmN6b6tawVA6+n6fjER/fGElaQk"
    "aaC/4DDOS0cXXnQEvASIjBTGnodBXolHxLJkiXhvbsB5J+VGZpx0gEXN0VVxZKfmjLqIFJ"
    "SgHVwPaqfay2r7ouSdHlxDLl916N0wnTJrGKxqtJkbTk1mGIZf2tJm8e0u0Z/1Ylru1giZ"
    "WzmXLkgZw5jhIQ2sP3k8gHh1fDq7wCnvx+ySakks1HsVkmVsnEqgZYnRuaWEWMz7c2XEAb"
    "67eQG/ORHtLda55ep0bvNU5/W6ouUH0zsUaCMy5plhIxKDkkFMP1bJIMZS0WNEiDmIn/5S"
    "HogqXl2c5LMLKAbW0uiWnZ3lIyYJldYJK//ZGsmbqmZ8rokGZFh+jIIb9bVyijy4jbLGX9"
    "VrjOPxaeqRFMwdxDhotM5yV53j87gsjedOMo+Fthc6SyfLtCilSguO0qjAs+OpBn0S8CK+"
    "Sa9n92UGXASzbK4ga8NECjaP0nuqJwF77uIaNdDtU7jtYlpjFbZCdDmUiM2a9NJAJCiukT"
    "mPdgjqVzIttbNsAPIHUQokiUFyr4dn4Fvn9Pv83377/8RrWAsOIkCU5RgQM1Gwv+mrpW58"
    "hA7hbcTYasRlHbU/cVPQznUXT0AB2XiYWRGkedGgeM1Rst6m+O0wjocD57VahWGRmWXdXw"
    "FVutLL3wD0A8Riog8NWXN1yfXbzVl2WQ3lEICPBJivBhYbQUwuF4AfGtPhBLuoGyoW+nDi"
    "dTVX5GrrdEc39u5kpfYNt08tp8gbGeGxzNPdmRI1tnT7UAKZKZYkPMPieoY+inaJNkERX4"
    "PTJ+Axt8DYIg3onkjCwt/IOozry2kQYBaV/tZ4+QQeRVwFw1yCLj5aec/HllSyruSn7HIo"
    "gwxZ9+B+GwEkPw3kHjAnI7m9D/KQFh/FnJSaQpoE5TQMAUF7lGqeLlaToBBfuTKE50sx5S"
    "cTFFKNKnv+Ykoqz2B8UKkmb2Qjjhkg/jajvl+NC57Y+uaV3SgP7e7N3eTsZf+9eXxBZsW0"
    "9Qvzev+1fDwYhc06FmIJNc6/9+O5iQS/4hjq9c9UZX/eGQXNMIMIYB9fSHrNCueltkU6Ul"
    "8tieepveUonPR0nVKU0roPLUXmWJ1ZFlHPRPwWZ8DiH9oP2cpJQJJw3nMvnaKDZUHV+FS3"
    "J6Bn9kyEIspQi9c/J42/99lmArE9iW6OsSDk9Hu6XMzE2oktIMCbSy+q7h+TMvWYeYoRMo"
    "rK0ycBOWh4LAJmjkkuWgmjDLFEQ1QSOXajNLkbfebpVj1fe3dQV2/Q/RRC07Bopa9hMH4P"
    "7CuXbUvvlIYAv3gW7YSVAU18QRmMAVvwEY3Q2HHVbako6oaiuS78Sm+pBt6XplJMyMNXtY"
    "1HNGKfOSYc/HFTJvRfBzZhnzDA4c6T6lZzDXdRqeznluUzKmhMuUDPc9mP5HBzgu3oNdML"
    "e8h6ULNshdUoelX7065uq08KrAf6xVm1TdCyzTDt9PeoqHFHGOJr6jvttLuiprdVWW9lFK"
    "52RJ52T8zRic88xxCbIa/WIlHWKNNcVJr3ADvMKW9lji1I7GS/MHC6aBVsjFYHm8HJNMSF"
    "NUEtgsYNfQRlZGIdT9EQzpORrsO+lc9/64BLq6vTe/9ftfLsEGwsd782Y8mn26JCKen1Xw"
    "zNUlG+SVbtjyF8ldCU1aa4Pzfc7r3BKjqrFdSyj2y24t4gV6tDQZQqbA/IxcL5ICE+7Ysj"
    "5zhk4KjNJnLr2RjfZClPRG7ra49O/sc5ylT8PS/p24EziRMJUSdwPiD18m0FAzjH7cDC0x"
    "gP/7lAlvV0u8qsea5tm0WGWH47pJD+nm+XA0MlixotElqtXsiHwviqMtoe5hXQbQSaPmSd"
    "S7ckncLFssO5CxJAtNdRy8OVfE1WJbG35lmkqfcG/em9+/WzZ6QKZqYEHw+3dStIa4ghA9"
    "Glz6bxvPT/s3OeAFch2AdDwBcrek+xNZd2DtF9/Ejyc1Numju8Cx8NP/sub3JrlI5nE2EK"
    "5JJoRpucDfeyQrz90gDf7yG/j+Xfeg/xKkaauOFgs872bpd2uN//KN6tCernp2HR2fif6u"
    "9n81DP+M/V5efykXvxaFnr7MLkHPv4glShpGy9yx1tDc5e2lHhnOJZ1fdTq/4owuqRulSA"
    "VUjtqrDLE6cLT3ynI5RidZ3GgWBydoSQbvqCR7m83e2He1LI+TpJLRjWZ0JC8dmkdcc3BK"
    "x1tr1uqAPOK726vxDU0kDme4N8e3/dElIF8d/O+v/cn1XR//+QRtfE7dmzeD6ZSkCq+Q49"
    "Ds4fHN7bA/o9nD1mpN1FKSeYwZcwl0LOPfm9Mvg9tbct95ROv1gbnFRUpxvc4uxfWaLcUV"
    "vuwhnogUrXTvNXkzh/nwBzA6RSr53GQ++yfSAVxOEEoeN5nH1E5UxpMUjpceJNaDhL/wqu"
    "FulePKprCz1Cj3mFjCKCvzjKhsYlLZ5HYyvh1TeQYf9HixEtnl/Xj8hVyZW9Yj+ftbb0Dr"
    "qmxU9HSg9FIsojcnoJcpNhSAfkhgaZpUoK1Rc2SpjGXJZkg7oxpkLMvPyPUisSwpX0lB+S"
    "NFJUMueKdozAlWVKyLkUhM94exULxYfEsHWlyF87QM3uI5yrt1tT+GJdzcFQAreO532rdd"
    "shBx3DCLvzCPygoZ0HGxBH9kFMuUTncTziYQB04fyzINYjo6WZEs0YDu/jiWMECkYBTLbA"
    "mBphqkHLLtB34EzY/obF1AxBCATEDiQIJkYiJRgX/jMWzEytGzyb6rzQqpsG2vZM3jkEDA"
    "fOKLQvnEFzn5xBdsPjHtfOoovGxiogJlJVbGiPK0nxZingMx0V7S6djktAhUvFQudm6UQE"
    "iTBZ6QBuqEKshVAxMZfF1W9SNaXwL/Df6lWPtbIdNzeTJE5gnMEgpkPatMo3vAnIEHoMvQ"
    "1afbvWoJtLs4Eo1fzKGY0Z4zTa1We3d5QLACvveJxioE9H4wgh+K0AyzfOBJPMI6nzWDQM"
    "dMzUZ623LVY7ZKnL5Fnq3J+G50rUzG7wejS2BbnqkrtjVH5r057PemMyUWt2NA1SHVGYKg"
    "lkO20lmxFps5DTaZ2v8B7EeWROBMUyMTrUQyRxlWjq+u7iaT/uiKxF5Fs9ybpymbUH14VY"
    "S7Zeu8Nl2fp+NRhi7GUKalXaS54D/AQM7JpIHOPxaeSb+MYO4hw0Wm85I8758l2ViFCEyQ"
    "SvhImLJE6QpEKQmYTJAuSxSBbFjWIzEKKWQhlZHVcmaoT2p70xKpLfrtiru0STm7sp5D7g"
    "QyVKk5/kLWTQx/uNA8xEucIKyFx89QTlMIFsv4j+wTtJ2RADL+42fkepH4j0ZEKbTea8PE"
    "KGQ7fVkH5t54hpJFqQ+OZmhFPer9sQzVOYQngTIw82yzwytKHb/fzS1NHaoVLh5a0Bv8bW"
    "k5EBAC0laXTmA+BKn+yImKDdABvhmg69eMDiqngxd4hANdMN9GZaR/Yd3Ep3kMqW5wxytQ"
    "4E8BqNOM1ilwN1ZA5ZBp6NNJyQH/jVz/WUHdgrnlLsEGmcVKD/iPUuijmGID0nVdp+s6wY"
    "qS4kWaVkABo70CBStH4j1Mavr4W5rjJcgrPsnQ1liCMroia1CKt8FaKsFLve1n5HoxvU32"
    "wpQR+83EVEbs7xMEKo7Yl63aCoK6r1VbGbNNdWaGMKK8/0OD4Y9nbA3soG6ewSGMPFdgOP"
    "6ISoo0eDwoc4KVf9uv/wdcC2v0FtG9w4qFxcomlptur5qfV1JQavmy5l+zTqkWCp+sznFc"
    "lOZzBGeWZ2yHFHjyqzuRSKSv/Ut6TqVPuGeKyKTle1yr7DaL08k4iyZvMWnMyd5c7VTrix"
    "hzpAoqVdDGaEulHK21aUtfVU3NUpKie9083egpGFW4U7Dfj1fdqFuwsK0V+P49yvn7/p3o"
    "Ld+/Q1MP/nxhWJpqAHK+Ol3fY4lMzfB0qHO8r1VPXqQzcFwPTiQvBs+RpdLrVZtk1ulRWa"
    "fhqi0BXozkp4bOtLLqAfNxC8cL0DE5nehTLNMnL9WHUdKkCJ+NvsgivPTMVe6Zkx33atSP"
    "pDOpEmeS7Av3TH3hTuqrS5XW4nnq2OpbOX46XuWvIjppREH6kNFJSEEn4vUjlZ00kmWq0/"
    "Dapeo3EnPwWwLbM4EJn6ANSECtRxqsRV3AeMrpCZ7i9z2j1gW/4xlBmIYZ00ZjmErFf/sP"
    "I33J8GR+7OeuP9oC2Y6bciv6vdJyI4NjG9Z/CpUd4nyKnkXGSV/is/oSdywqEUAao6oxdP"
    "R59LkKI0cTm6DgQk7QSKmVV6LDPykP0P+SlALqfy3R94p56qTCJ0QoZsPk5cpPo7hsUxzW"
    "NJlcrlKFfh4Vuma/bcOOg9NEDke7uypgk32+BV246TOxSe7xb3C+tKzHnuuSRvYdjn0iNa"
    "KbZ57Y+GOxIEoHl6hjbVgPfrQvnhNhrWx7SdOIbWtDE4JtiDmOlfiVqkOaQWzDhedwXeRH"
    "z1bEJx7OG3DU9FZzPLKcIzyvAKJgan8txQ6zjQMBe4pLMTsCKb9wZMNgex/WTDJFK7XVRm"
    "ureKo1/nUQc1AvY+5h6KSOxe4jaNsW51jKDqiICA6KqGgamqcv0K97tl9HZVWmqGOKSn4C"
    "uBW4EwJQcckmRSgSuDVIOTlWhBDYClSzQOS/js3YMo4UVc1Sq7GBmlnEhGzVLM6n/bpZ8J"
    "NRUd8xScmET9B0gbXx0y6JKgVNfW1hXH+jntS5pW+Jt/URrl2gOoD2udJpvSbi191iBcvF"
    "/3VIIOXO7zvfutDh54Ce+oFcl2/4iGAx0HfgeXaZkbumv2R0F/wZu2LCH26oD0cpp1JHbJ"
    "yOGHG7FA/iVPJTVpIZafApcmWk4QRVk5NDD5SJz4sUpD/PLkh/zhSkJ+cmC/EMn1F8iMPx"
    "QoCbp5f3f58lVHKmvHyklg/Ho4/h8HTNeaY92BEd5Z+lk/waf9kO6Elz2x9d0540Af29+a"
    "E3GJKuGgsVGaR9/PTu6qrfvyaXHE/TINTJ1Y+Dr/2Rcnd7CR6wTGIq3jotDRTZJq/fFsmX"
    "zm6XRW5xDVxllMY4iWzYlD7g/WWgHIArh1LCm4Y3LWQy8ObbZDnkMtu/yVZZg7QqOtQ0yy"
    "eW9ll2W1GkShtpk1TSUlvIUktBO8xcyyOVq1nWe5X5hWQKWe9VNK5zJASm3mvKQFnwJE1R"
    "iWTQOlXsZghZdV6XfmzGlmFd1OuSWmdlvS6Mnq4Y1gPHbhsQf/gygUZW89LMIDdBoP+7Bh"
    "dVtGKzXVTxRb3fRRWuj2IeqmyMikTyLdQVMkL/HzTJq+iyok29yXuezUncy1awguFC2KSZ"
    "uiIFC4vkVhZhtKudp4SjWGU3oU2RyQ60+S6CAzrQxl+zxA5IkQlXX+ckJgYHYj2WI6hlw7"
    "yjEPCseV0I49c5GL/mHDTBB5QVxvLSsGNUNaZhh1/Q1qZh68ihuClYj3VKHiAsqTRUFgsp"
    "DZErb1BJkUoXS3MMKKzdjPw0qHkueoIK8UF6Nk92yk4vziCXvkueaxg/T3FQYB0ps6UYYr"
    "mpGr2ppAtCMGO0dEH8jFwv4oKQRRhP+tGMWS0LR1LFaKRvZ79vxwesAs/Oh2iilgFc1KGT"
    "WFqyvGWjylsyGWKIp8gc4CwTMD3spN6yHoZeW3Y4TrLgTjfPN6buxpzSISYdX3U6vvD2cU"
    "qa/mMkAhqlzy4uivi/Li6y3V/kXiqaf70ug3AwXEB0T2Lyx090IS8AJtuvGCOp36f4PKaa"
    "yryHjLxaZ3by3/8faJSyXQ=="
)
